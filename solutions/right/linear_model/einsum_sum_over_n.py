"""Uses torch.einsum for the product, (d + 1) * p for the count, and divides the summed squares by numel().
"""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.einsum("nd,dp->np", X, W) + b


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    if bias:
        return (d + 1) * p
    return d * p


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if tuple(y_hat.shape) != tuple(y.shape):
        raise ValueError(f"shape mismatch: {tuple(y_hat.shape)} vs {tuple(y.shape)}")
    diff = y_hat - y
    return diff.pow(2).sum() / y_hat.numel()
