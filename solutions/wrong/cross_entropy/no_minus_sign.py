"""Forgets the minus sign: the loss comes out negative.

expect-fail: cross_entropy_mean, cross_entropy_float64
expect-message: minus sign
"""

import torch


def log_softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits, dim=1)
    return lp[torch.arange(logits.shape[0], device=logits.device), targets].mean()
