"""labels.min() / labels.max() without a numel() guard: crashes on an empty batch.

expect-fail: empty_labels
expect-message: An empty tensor has no min
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("label out of range")
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).float()


def decode(scores):
    return scores.argmax(dim=-1)

