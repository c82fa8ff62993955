"""labels.unsqueeze_(-1) changes the caller's labels tensor in place.

expect-fail: input_not_modified
expect-message: in place
"""

import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point():
        raise ValueError("labels must be integers")
    if labels.numel() > 0 and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    labels.unsqueeze_(-1)
    return out.scatter_(-1, labels.long(), 1.0)


def decode(scores):
    return scores.argmax(dim=-1)

