"""Computes the value as a float and wraps it in a new float32 tensor: graph and dtype are lost.

expect-fail: mse_keeps_graph, mse_keeps_dtype
expect-message: cut off from y_hat
"""

import torch


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    y = y.reshape(y_hat.shape)
    value = float(((y_hat - y) ** 2).mean())
    return torch.tensor(value, device=y_hat.device)
