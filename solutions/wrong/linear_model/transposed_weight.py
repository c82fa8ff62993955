"""Uses X @ W.T + b, as if W were stored like nn.Linear.weight (p, d).

expect-fail: linear_batch, linear_single_output, linear_bias_per_output
expect-message: no W.T
"""

import torch


def linear(X, W, b):
    return X @ W.T + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
