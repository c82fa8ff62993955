"""Picks the stable formula per sign of z with torch.where, and clamps p with the Tensor.clamp method."""

import torch


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if tuple(p.shape) != tuple(y.shape):
        raise ValueError(f"p has shape {tuple(p.shape)} but y has shape {tuple(y.shape)}")
    pc = p.clamp(min=eps, max=1.0 - eps)
    return torch.mean(-y * pc.log() - (1.0 - y) * (1.0 - pc).log())


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if tuple(z.shape) != tuple(y.shape):
        raise ValueError(f"z has shape {tuple(z.shape)} but y has shape {tuple(y.shape)}")
    # z >= 0: (1 - y) z + log(1 + exp(-z));  z < 0: -y z + log(1 + exp(z)); only the chosen branch is kept
    pos = (1 - y) * z + torch.log1p(torch.exp(-z))
    neg = -y * z + torch.log1p(torch.exp(z))
    return torch.where(z >= 0, pos, neg).mean()
