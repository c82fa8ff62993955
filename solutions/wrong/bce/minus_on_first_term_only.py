"""Puts the minus on the first term only: -y·log(p) + (1 - y)·log(1 - p).

expect-fail: bce_basic, bce_soft_labels, bce_batch_2d
expect-message: minus sign only
"""

import torch


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if p.shape != y.shape:
        raise ValueError(f"p and y must have the same shape, got {tuple(p.shape)} and {tuple(y.shape)}")
    p = p.clamp(eps, 1 - eps)
    return (-y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if z.shape != y.shape:
        raise ValueError(f"z and y must have the same shape, got {tuple(z.shape)} and {tuple(y.shape)}")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
