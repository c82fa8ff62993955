"""Sums the squared errors instead of taking their mean.

expect-fail: mse_values, mse_zero_dim, mse_column_vs_vector
expect-message: sum of the squared errors
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).sum()
