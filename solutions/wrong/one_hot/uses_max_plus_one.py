"""Width from labels.max() + 1: num_classes only used for validation.

expect-fail: num_classes_respected
expect-message: num_classes was ignored
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() == 0:
        return torch.zeros(*labels.shape, num_classes, device=labels.device)
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("label out of range")
    width = int(labels.max()) + 1
    classes = torch.arange(width, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).float()


def decode(scores):
    return scores.argmax(dim=-1)

