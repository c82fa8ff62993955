"""Calls F.cross_entropy and F.log_softmax instead of writing them.

expect-fail: log_softmax_vector, cross_entropy_mean, cross_entropy_large_logits
expect-message: asks you to write yourself
"""

import torch.nn.functional as F


def log_softmax(x, dim=-1):
    return F.log_softmax(x, dim=dim)


def cross_entropy(logits, targets):
    return F.cross_entropy(logits, targets)
