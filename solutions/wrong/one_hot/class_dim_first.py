"""Compares arange(C).unsqueeze(-1) with labels: the class axis comes first, (C, N).

expect-fail: basic_1d, output_float32, num_classes_respected
expect-message: class dimension came first
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    classes = torch.arange(num_classes, device=labels.device)
    return (classes.unsqueeze(-1) == labels.long()).float()


def decode(scores):
    return scores.argmax(dim=-1)

