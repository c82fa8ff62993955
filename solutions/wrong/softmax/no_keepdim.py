"""max and sum without keepdim: broadcasts along the wrong axis.

expect-fail: square_batch_dim1, rows_of_a_batch
expect-message: keepdim
"""

import numpy as np
import torch


def softmax(x, dim=-1):
    x = x.float() if not x.is_floating_point() else x
    z = x - x.max(dim=dim).values
    e = torch.exp(z)
    return e / e.sum(dim=dim)


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
