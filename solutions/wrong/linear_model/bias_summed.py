"""Adds the sum of the biases to every output instead of b[j] to column j.

expect-fail: linear_batch, linear_bias_per_output
expect-message: sum of all biases
"""

import torch


def linear(X, W, b):
    return X @ W + b.sum()


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
