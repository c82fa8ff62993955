"""Takes the log of y and weights by p: prediction and target swapped.

expect-fail: bce_basic, bce_soft_labels
expect-message: swapped
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    p = p.clamp(eps, 1 - eps)
    return -(p * torch.log(y) + (1 - p) * torch.log(1 - y)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
