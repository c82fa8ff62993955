"""Handles any dim other than the last by transposing with .T: right for 2-D, but .T reverses every axis of a 3-D tensor.

expect-fail: three_d_dim1
expect-message: First mismatch
"""

import numpy as np
import torch


def _rows(x):
    z = x - x.max(dim=-1, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=-1, keepdim=True)


def softmax(x, dim=-1):
    if not x.is_floating_point():
        x = x.to(torch.float32)
    if dim in (-1, x.dim() - 1):
        return _rows(x)
    return _rows(x.T).T


def softmax_np(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
