"""Calls torch.softmax instead of writing it.

expect-fail: basic_vector, large_logits, rows_of_a_batch
expect-message: asks you to write yourself
"""

import numpy as np
import torch
import torch.nn.functional as F


def softmax(x, dim=-1):
    x = x.float() if not x.is_floating_point() else x
    return F.softmax(x, dim=dim)


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
