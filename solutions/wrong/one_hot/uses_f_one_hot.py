"""Calls F.one_hot instead of building the vectors.

expect-fail: basic_1d, batch_2d, num_classes_respected
expect-message: asks you to write yourself
"""

import torch
import torch.nn.functional as F


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    return F.one_hot(labels.long(), num_classes).float()


def decode(scores):
    return scores.argmax(dim=-1)

