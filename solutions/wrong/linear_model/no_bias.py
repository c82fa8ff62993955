"""Forgets to add the bias: returns X @ W.

expect-fail: linear_batch, linear_bias_per_output
expect-message: without the bias
"""

import torch


def linear(X, W, b):
    return X @ W


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
