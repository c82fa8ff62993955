"""Calls F.linear and F.mse_loss instead of writing them.

expect-fail: linear_batch, mse_values
expect-message: asks you to write yourself
"""

import torch.nn.functional as F


def linear(X, W, b):
    return F.linear(X, W.T, b)


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    return F.mse_loss(y_hat, y.reshape(y_hat.shape))
