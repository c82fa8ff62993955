"""Casts the result back to the input's dtype to "keep the dtype": integer input comes back as integers (all 0).

expect-fail: integer_input
expect-message: dtype int64 differs from the expected float32
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    e = torch.exp(z)
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)


def softmax_np(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
