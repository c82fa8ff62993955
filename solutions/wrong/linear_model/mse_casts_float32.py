"""mse casts both inputs with .float() "to be safe", so float64 inputs give a float32 loss.

expect-fail: mse_keeps_dtype
expect-message: no .float()
"""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return X @ W + b


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    return d * p + (p if bias else 0)


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    y_hat = y_hat.float()
    y = y.float().reshape(y_hat.shape)
    return ((y_hat - y) ** 2).mean()
