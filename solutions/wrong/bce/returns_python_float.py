"""Returns .item(), a Python float, instead of a 0-dim tensor.

expect-fail: bce_basic, logits_basic
expect-message: got a float
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p = p.clamp(eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean().item()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean().item()
