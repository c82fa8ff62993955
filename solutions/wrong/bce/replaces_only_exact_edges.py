"""Replaces only p exactly 0 or 1 (torch.where) instead of clamping: p between 0 and eps stays as it is.

expect-fail: bce_eps_argument
expect-message: only the p that are exactly 0 or 1
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p = torch.where(p == 0, eps, p)
    p = torch.where(p == 1, 1 - eps, p)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
