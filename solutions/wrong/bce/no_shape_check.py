"""No shape check: (4, 1) against (4,) silently broadcasts to (4, 4).

expect-fail: bce_shape_mismatch, logits_shape_mismatch
expect-message: broadcast to (4, 4)
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    p = p.clamp(eps, 1 - eps)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
