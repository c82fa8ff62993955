"""Uses torch.clamp and torch.log1p(-p) for the second log term, and F.softplus(z) - z * y for the logits."""

import torch
import torch.nn.functional as F


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    if p.size() != y.size():
        raise ValueError(f"shape mismatch: p {tuple(p.size())} vs y {tuple(y.size())}")
    p = torch.clamp(p, min=eps, max=1 - eps)
    loss = -(y * torch.log(p) + (1 - y) * torch.log1p(-p))
    return loss.sum() / loss.numel()


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if z.size() != y.size():
        raise ValueError(f"shape mismatch: z {tuple(z.size())} vs y {tuple(y.size())}")
    # softplus(z) = log(1 + exp(z)) = -log(1 - sigmoid(z)), computed stably by PyTorch
    return torch.mean(F.softplus(z) - z * y)
