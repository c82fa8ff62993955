"""Takes the absolute value of the differences instead of squaring them (MAE).

expect-fail: mse_values, mse_zero_dim
expect-message: not squared
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return (y_hat - y).abs().mean()
