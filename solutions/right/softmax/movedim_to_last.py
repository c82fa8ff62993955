"""Moves dim to the end, works on the last axis, and moves it back."""

import numpy as np
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    if not x.is_floating_point():
        x = x.to(torch.float32)
    y = x.movedim(dim, -1)
    e = (y - y.max(dim=-1, keepdim=True).values).exp()
    return (e / e.sum(dim=-1, keepdim=True)).movedim(-1, dim)


def softmax_np(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.moveaxis(np.asarray(x, dtype=np.result_type(np.asarray(x).dtype, np.float64)
                               if not np.issubdtype(np.asarray(x).dtype, np.floating) else np.asarray(x).dtype), axis, -1)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.moveaxis(e / e.sum(axis=-1, keepdims=True), -1, axis)
