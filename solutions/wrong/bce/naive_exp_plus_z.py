"""log(1 + exp(z)) - z * y: right on paper, exp(z) overflows for z >> 0.

expect-fail: logits_large_100, logits_plus_1e4
expect-message: exp(z) overflows
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p = p.clamp(eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (torch.log(1 + torch.exp(z)) - z * y).mean()
