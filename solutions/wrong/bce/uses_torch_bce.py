"""Calls F.binary_cross_entropy and nn.BCEWithLogitsLoss instead of writing the loss.

expect-fail: bce_basic, bce_p_exactly_zero, logits_basic, logits_plus_1e4
expect-message: asks you to write yourself
"""

import torch
import torch.nn.functional as F
from torch import nn


def binary_cross_entropy(p, y, eps=1e-7):
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    return F.binary_cross_entropy(p.clamp(eps, 1 - eps), y)


def bce_with_logits(z, y):
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    return nn.BCEWithLogitsLoss()(z, y)
