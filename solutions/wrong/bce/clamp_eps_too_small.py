"""Clamps with its own eps = 1e-15: 1 - 1e-15 rounds to 1.0 in float32, so p = 1 still reaches log(0).

expect-fail: bce_p_exactly_one
expect-message: too small for float32
base: reference
"""

import torch


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if p.shape != y.shape:
        raise ValueError(f"p and y must have the same shape, got {tuple(p.shape)} and {tuple(y.shape)}")
    p = p.clamp(1e-15, 1 - 1e-15)   # a tinier eps than the one passed
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
