"""Uses torch.logsumexp for the log-normaliser and gather to pick each sample's target log-probability.
"""

import torch


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    return x - torch.logsumexp(x, dim=dim, keepdim=True)


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    lp = log_softmax(logits, dim=1)
    picked = lp.gather(1, targets.unsqueeze(1)).squeeze(1)
    return picked.mean().neg()
