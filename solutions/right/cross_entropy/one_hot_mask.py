"""Uses amax for the max and a one-hot mask (F.one_hot with num_classes given) summed over the classes.
"""

import torch
import torch.nn.functional as F


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    z = x - x.amax(dim=dim, keepdim=True)
    return z - z.exp().sum(dim=dim, keepdim=True).log()


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    lp = log_softmax(logits, dim=1)
    mask = F.one_hot(targets, num_classes=logits.shape[1]).to(lp.dtype)
    per_sample = -(mask * lp).sum(dim=1)
    return per_sample.mean()
