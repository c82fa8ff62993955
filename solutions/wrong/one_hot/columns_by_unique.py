"""Columns numbered by the classes present in labels (np.unique), not by the label: a missing class shifts the rest.

expect-fail: output_float32, batch_2d
expect-message: among the classes present
base: reference
"""

import numpy as np
import torch


def one_hot(labels, num_classes):
    if labels.is_floating_point() or (labels.numel() and (labels.min() < 0 or labels.max() >= num_classes)):
        raise ValueError("bad labels")
    classes = np.unique(labels.cpu().numpy())
    out = torch.zeros(*labels.shape, num_classes, dtype=torch.float32, device=labels.device)
    for idx, c in enumerate(classes):
        out[labels == int(c), idx] = 1.0
    return out
