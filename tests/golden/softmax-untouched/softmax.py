"""Softmax, numerically stable. Read the prompt with `learn show softmax`."""

import numpy as np
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x)), along `dim`."""
    raise NotImplementedError("softmax: subtract the max along dim, exponentiate, normalise")


def softmax_np(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """The same as `softmax`, for numpy arrays, along `axis`."""
    raise NotImplementedError("softmax_np: the numpy version of softmax")
