"""log(p + eps) and log(1 - p + eps) instead of clamping p.

expect-fail: bce_eps_argument
expect-message: adding eps shifts every probability
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    return -(y * torch.log(p + eps) + (1 - y) * torch.log(1 - p + eps)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
