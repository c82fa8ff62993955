"""Computes in float32 and casts the loss back to the logits' dtype: float64 keeps its dtype, not its precision.

expect-fail: cross_entropy_float64
expect-message: float32 precision
"""

import torch


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    m = x.max(dim=dim, keepdim=True).values
    z = x - m
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    lp = log_softmax(logits.float(), dim=1)
    n = logits.shape[0]
    picked = lp[torch.arange(n, device=logits.device), targets]
    return (-picked.mean()).to(logits.dtype)
