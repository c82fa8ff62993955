"""Checks only the upper bound, so -1 indexes the last class (negative indexing).

expect-fail: negative_rejected
expect-message: negative indices count from the end
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and labels.max() >= num_classes:
        raise ValueError("label too large")
    return torch.eye(num_classes, device=labels.device)[labels.long()]


def decode(scores):
    return scores.argmax(dim=-1)

