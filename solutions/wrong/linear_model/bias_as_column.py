"""Reshapes b into a column (p, 1) as in the maths notation Wx + b, so it does not broadcast over (N, p).

expect-fail: linear_batch, linear_bias_per_output
expect-message: Adding the bias failed
"""

import torch


def linear(X, W, b):
    return X @ W + b.reshape(-1, 1)


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
