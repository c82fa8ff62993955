"""Decodes as sum_c c * scores[..., c], right only for exact one-hot rows.

expect-fail: decode_rows, decode_square
expect-message: weighted sum
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).float()


def decode(scores):
    return (scores * torch.arange(scores.shape[-1], device=scores.device)).sum(dim=-1)
