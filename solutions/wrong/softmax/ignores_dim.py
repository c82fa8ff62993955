"""Always the last axis, whatever dim says.

expect-fail: dim0_columns, three_d_dim1
expect-message: dim` argument was ignored
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    x = x.float() if not x.is_floating_point() else x
    z = x - x.max(dim=-1, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=-1, keepdim=True)


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
