"""Only -y * log(p): the (1 - y) * log(1 - p) term is missing.

expect-fail: bce_basic, bce_batch_2d
expect-message: (1-y)·log(1-p) term is missing
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p = p.clamp(eps, 1 - eps)
    return -(y * torch.log(p)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
