"""Subtracts the max in place, changing the caller's tensor.

expect-fail: input_not_modified
expect-message: in place
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    if not x.is_floating_point():
        x = x.float()
    x -= x.max(dim=dim, keepdim=True).values
    x.exp_()
    return x / x.sum(dim=dim, keepdim=True)


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
