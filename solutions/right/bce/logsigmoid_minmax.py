"""Clamps with torch.maximum/torch.minimum, and writes the logits loss with F.logsigmoid of z and -z."""

import torch
import torch.nn.functional as F


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if p.shape != y.shape:
        raise ValueError("p and y must have the same shape")
    lo = torch.full_like(p, eps)
    hi = torch.full_like(p, 1 - eps)
    p = torch.minimum(torch.maximum(p, lo), hi)
    pos = y * torch.log(p)
    neg = (1 - y) * torch.log(1 - p)
    return -(pos + neg).mean()


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if z.shape != y.shape:
        raise ValueError("z and y must have the same shape")
    # log(sigmoid(z)) and log(1 - sigmoid(z)) = log(sigmoid(-z)), both without forming sigmoid(z)
    return -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
