"""The textbook (1/2)·sum of squared errors instead of their mean.

expect-fail: mse_values
expect-message: half the sum
"""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return X @ W + b


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    return d * p + (p if bias else 0)


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if y.shape != y_hat.shape:
        y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).sum() / 2
