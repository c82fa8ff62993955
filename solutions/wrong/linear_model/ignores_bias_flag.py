"""Always counts the biases, even with bias=False.

expect-fail: n_parameters_no_bias
expect-message: bias=False means there is no b
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + p


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
