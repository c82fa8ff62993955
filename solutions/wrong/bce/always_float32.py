"""Converts the inputs with .float(), so float64 input gives a float32 loss.

expect-fail: float64_kept
expect-message: dtype float32 differs
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p, y = p.float().clamp(eps, 1 - eps), y.float()
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    z, y = z.float(), y.float()
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
