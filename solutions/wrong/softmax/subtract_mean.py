"""Centres each slice by subtracting its mean instead of its max: a slice spanning 2000 still overflows.

expect-fail: wide_range
expect-message: subtracted the mean
"""

import numpy as np
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    if not x.is_floating_point():
        x = x.to(torch.float32)
    z = x - x.mean(dim=dim, keepdim=True)   # "normalise" the logits
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def softmax_np(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
