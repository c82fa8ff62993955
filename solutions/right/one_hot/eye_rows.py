"""Picks rows of torch.eye(num_classes) with the labels as indices, and decodes with torch.argmax(scores, -1).
"""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    if torch.is_floating_point(labels) or torch.is_complex(labels) or labels.dtype == torch.bool:
        raise ValueError("labels must have an integer dtype")
    if labels.numel() > 0:
        if labels.min().item() < 0:
            raise ValueError("labels must not be negative")
        if labels.max().item() >= num_classes:
            raise ValueError(f"labels must be smaller than num_classes = {num_classes}")
    eye = torch.eye(num_classes, dtype=torch.float32, device=labels.device)
    return eye[labels.long()]


def decode(scores: torch.Tensor) -> torch.Tensor:
    return torch.argmax(scores, -1)
