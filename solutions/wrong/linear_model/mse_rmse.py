"""Returns the root mean squared error (takes a square root at the end).

expect-fail: mse_values, mse_zero_dim
expect-message: RMSE
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return torch.sqrt(((y_hat - y) ** 2).mean())
