"""Picks one log term by y == 1, as if every target were 0 or 1: soft targets such as 0.3 are read as 0.

expect-fail: bce_soft_labels
expect-message: treated as 0 or 1
base: reference
"""

import torch


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if p.shape != y.shape:
        raise ValueError(f"p and y must have the same shape, got {tuple(p.shape)} and {tuple(y.shape)}")
    p = p.clamp(eps, 1 - eps)
    return -torch.where(y == 1, torch.log(p), torch.log(1 - p)).mean()
