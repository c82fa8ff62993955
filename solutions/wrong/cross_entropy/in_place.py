"""Subtracts the max in place, changing the caller's tensor.

expect-fail: log_softmax_input_not_modified
expect-message: in place
"""

import torch


def log_softmax(x, dim=-1):
    x -= x.max(dim=dim, keepdim=True).values
    return x - torch.log(torch.exp(x).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits.clone(), dim=1)
    return -lp[torch.arange(logits.shape[0], device=logits.device), targets].mean()
