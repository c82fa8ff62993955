"""No dtype check: float labels are truncated by .long() instead of rejected.

expect-fail: non_integer_rejected
expect-message: Floating-point labels were accepted
"""

import torch


def one_hot(labels, num_classes):
    labels = labels.long()
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.unsqueeze(-1) == classes).float()


def decode(scores):
    return scores.argmax(dim=-1)

