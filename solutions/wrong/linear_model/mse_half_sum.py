"""The textbook (1/2)·sum of squared errors instead of their mean.

expect-fail: mse_values
expect-message: half the sum
base: reference
"""

import torch


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if y.shape != y_hat.shape:
        y = y.reshape(y_hat.shape)
    return ((y_hat - y) ** 2).sum() / 2
