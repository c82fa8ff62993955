"""Range check with > instead of >=: a label equal to num_classes slips through.

expect-fail: too_large_rejected
expect-message: off by one
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() > num_classes):
        raise ValueError("label out of range")
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).float()


def decode(scores):
    return scores.argmax(dim=-1)

