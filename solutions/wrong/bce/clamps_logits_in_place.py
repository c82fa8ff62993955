"""Clamps the logits to [-80, 80] in place to dodge overflow: changes z and caps the loss.

expect-fail: logits_input_not_modified, logits_plus_1e4, logits_minus_1e4, logits_large_100
expect-message: changed z in place
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
    z.clamp_(-80, 80)
    return ((1 - y) * z + torch.log(1 + torch.exp(-z))).mean()
