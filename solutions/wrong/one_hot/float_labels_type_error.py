"""Raises TypeError for floating-point labels (a wrong type) although the contract asks for ValueError.

expect-fail: non_integer_rejected
expect-message: raised TypeError
"""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    if labels.is_floating_point():
        raise TypeError(f"labels must have an integer dtype, got {labels.dtype}")
    if labels.numel() > 0:
        lo, hi = int(labels.min()), int(labels.max())
        if lo < 0 or hi >= num_classes:
            raise ValueError(f"labels must be in 0 … {num_classes - 1}, got {lo if lo < 0 else hi}")
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).to(torch.float32)


def decode(scores: torch.Tensor) -> torch.Tensor:
    return scores.argmax(dim=-1)
