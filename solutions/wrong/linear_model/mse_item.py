"""Returns the loss as a Python float with .item().

expect-fail: mse_values, mse_keeps_graph
expect-message: Python float
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean().item()
