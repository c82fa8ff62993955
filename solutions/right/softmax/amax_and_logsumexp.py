"""Subtracts torch.amax, then normalises as exp(z - log(sum(exp(z)))); numpy with np.max and keepdims."""

import numpy as np
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    x = x if x.is_floating_point() else x.float()
    z = x - torch.amax(x, dim=dim, keepdim=True)
    return torch.exp(z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True)))


def softmax_np(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x)
    x = x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
