"""softmax_np subtracts np.max(x), one max of the whole array, instead of each slice's max.

expect-fail: np_large_logits
expect-message: each slice's own max
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
    z = x - np.max(x)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
