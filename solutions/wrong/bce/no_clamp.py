"""No clamp: p exactly 0 or 1 gives log(0) = -inf and 0 * -inf = nan.

expect-fail: bce_p_exactly_zero, bce_p_exactly_one, bce_eps_argument
expect-message: = log(0) = -inf
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
