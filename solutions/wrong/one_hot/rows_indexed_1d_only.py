"""Builds torch.zeros(len(labels), C) and sets out[torch.arange(len(labels)), labels] = 1: only works for a 1-D batch.

expect-fail: batch_2d, scalar_label, empty_labels
expect-message: only for a 1-D batch
"""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    if labels.is_floating_point() or labels.is_complex() or labels.dtype == torch.bool:
        raise ValueError(f"labels must have an integer dtype, got {labels.dtype}")
    if labels.numel() > 0:
        lo, hi = int(labels.min()), int(labels.max())
        if lo < 0 or hi >= num_classes:
            raise ValueError(f"labels must be in 0 … {num_classes - 1}, got {lo if lo < 0 else hi}")
    out = torch.zeros(len(labels), num_classes, device=labels.device)
    out[torch.arange(len(labels), device=labels.device), labels.long()] = 1.0
    return out


def decode(scores: torch.Tensor) -> torch.Tensor:
    return scores.argmax(dim=-1)
