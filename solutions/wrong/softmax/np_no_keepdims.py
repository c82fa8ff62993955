"""softmax_np reduces without keepdims=True: the (N,) max does not line up with the rows of an (N, C) array.

expect-fail: np_rows, np_large_logits
expect-message: keepdims=True
"""

import numpy as np
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    if not x.is_floating_point():
        x = x.to(torch.float32)
    z = x - x.max(dim=dim, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def softmax_np(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - np.max(x, axis=axis)
    e = np.exp(z)
    return e / np.sum(e, axis=axis)
