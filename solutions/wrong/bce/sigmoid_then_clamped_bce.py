"""bce_with_logits as binary_cross_entropy(sigmoid(z), y): finite but capped near 16.

expect-fail: logits_large_100, logits_plus_1e4, logits_minus_1e4
expect-message: capped at -log(eps)
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
    return binary_cross_entropy(torch.sigmoid(z), y)
