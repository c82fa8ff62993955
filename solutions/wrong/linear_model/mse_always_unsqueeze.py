"""mse always turns y into a column with y.unsqueeze(-1), even when it already has y_hat's shape: (N,) - (N, 1) broadcasts to (N, N).

expect-fail: mse_values, mse_zero_dim, mse_keeps_graph
expect-message: unsqueezed
"""

import numpy as np
import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    return ((y_hat - y.unsqueeze(-1)) ** 2).mean()
