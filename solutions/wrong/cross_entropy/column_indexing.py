"""Picks lp[:, targets] (an (N, N) matrix, broadcast indexing) and averages all of it.

expect-fail: cross_entropy_mean, cross_entropy_float64
expect-message: lp[:, targets]
"""

import torch


def log_softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits, dim=1)
    return -lp[:, targets].mean()
