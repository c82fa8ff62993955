"""linear uses the element-wise * instead of the matrix product @: X * W + b.

expect-fail: linear_batch, linear_single_output, linear_bias_per_output
expect-message: element-wise
"""

import numpy as np
import torch


def linear(X, W, b):
    return X * W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
