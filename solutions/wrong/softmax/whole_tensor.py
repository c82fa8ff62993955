"""Normalised over the whole tensor, not along dim.

expect-fail: three_d_dim1, rows_of_a_batch
expect-message: whole tensor
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    x = x.float() if not x.is_floating_point() else x
    e = torch.exp(x - x.max())
    return e / e.sum()


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
