"""Multiplies by a one-hot mask and takes .mean() over all N*C entries (C times too small).

expect-fail: cross_entropy_mean, cross_entropy_float64
expect-message: N*C
"""

import torch
import torch.nn.functional as F


def log_softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits, dim=1)
    onehot = F.one_hot(targets, logits.shape[1]).to(lp.dtype)
    return -(onehot * lp).mean()
