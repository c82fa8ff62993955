"""Returns -lp[:, targets], the whole (N, N) matrix, instead of one mean loss.

expect-fail: cross_entropy_mean, cross_entropy_float64, cross_entropy_large_logits
expect-message: (N, N) matrix
"""

import torch


def log_softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits, dim=1)
    return -lp[:, targets]
