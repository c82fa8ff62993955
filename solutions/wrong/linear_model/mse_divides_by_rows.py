"""mse divides the summed squared errors by len(y_hat), the number of rows N, instead of the number of elements.

expect-fail: mse_zero_dim
expect-message: number of rows
"""

import numpy as np
import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).sum() / len(y_hat)
