"""Subtracts x.max(dim=dim, keepdim=True) itself: with dim given, max returns a (values, indices) pair.

expect-fail: basic_vector, rows_of_a_batch, three_d_dim1
expect-message: take .values
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    if not x.is_floating_point():
        x = x.to(torch.float32)
    z = x - x.max(dim=dim, keepdim=True)
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def softmax_np(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
