"""Counts one bias per input feature (d) instead of one per output (p).

expect-fail: n_parameters_bias
expect-message: one bias per input
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (d if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
