"""Divides the summed loss by logits.shape[1] (the classes C) instead of shape[0] (the samples N).

expect-fail: cross_entropy_mean, cross_entropy_float64
expect-message: logits.shape[1]
"""

import torch


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    m = x.max(dim=dim, keepdim=True).values
    z = x - m
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    lp = log_softmax(logits, dim=1)
    n = logits.shape[0]
    picked = lp[torch.arange(n, device=logits.device), targets]
    return -picked.sum() / logits.shape[1]
