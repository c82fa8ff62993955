"""-z * y + log(1 + exp(-|z|)): the max(z, 0) term is missing.

expect-fail: logits_basic, logits_soft_labels, logits_plus_1e4
expect-message: max(z, 0) term is missing
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
    return (-z * y + torch.log1p(torch.exp(-z.abs()))).mean()
