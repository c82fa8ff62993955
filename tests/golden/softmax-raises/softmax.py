import numpy as np
import torch


def softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdims=True, axis=dim)


def softmax_np(x, axis=-1):
    x = x.astype(np.float64) if not np.issubdtype(x.dtype, np.floating) else x
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
