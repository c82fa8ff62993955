"""Uses torch.addmm for X @ W + b, a bool-times-int bias count, and torch.square / torch.mean after comparing shapes.
"""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.addmm(b, X, W)


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    return d * p + int(bias) * p


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if y.shape != y_hat.shape:
        raise ValueError("mse needs y_hat and y of the same shape")
    return torch.mean(torch.square(y_hat - y))
