"""Subtracts the max of the last axis whatever dim is: along another dim the shift is no longer one constant per slice.

expect-fail: dim0_columns, three_d_dim1
expect-message: First mismatch
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    if not x.is_floating_point():
        x = x.to(torch.float32)
    z = x - x.max(dim=-1, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def softmax_np(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
