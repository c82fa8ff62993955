"""torch.argmax(scores) without dim: one index into the flattened tensor.

expect-fail: decode_rows, decode_3d, decode_int64
expect-message: without dim flattens
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
    return torch.argmax(scores)
