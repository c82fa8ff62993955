"""Clamps the logs at -100 (PyTorch's internal trick) instead of p to [eps, 1 - eps].

expect-fail: bce_p_exactly_zero, bce_p_exactly_one, bce_eps_argument
expect-message: clamps the logs at -100
"""

import torch


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    log_p = torch.log(p).clamp(min=-100)
    log_1mp = torch.log(1 - p).clamp(min=-100)
    return -(y * log_p + (1 - y) * log_1mp).mean()


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return (z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))).mean()
