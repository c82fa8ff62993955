"""mse averages over the samples only, .mean(dim=0): one value per output column instead of one number.

expect-fail: mse_zero_dim
expect-message: mean over dim 0
"""

import numpy as np
import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean(dim=0)
