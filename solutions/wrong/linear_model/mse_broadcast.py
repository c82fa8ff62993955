"""Subtracts without checking the shapes, so (N, 1) - (N,) broadcasts to an (N, N) matrix.

expect-fail: mse_column_vs_vector
expect-message: accidental broadcasting
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    return ((y_hat - y) ** 2).mean()
