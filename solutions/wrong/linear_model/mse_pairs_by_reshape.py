"""mse pairs a column (N, 1) with a vector (N,) by reshaping y, instead of refusing shapes that differ.

expect-fail: mse_column_vs_vector
expect-message: paired the elements by reshaping
base: reference
"""

import torch


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return ((y_hat - y.reshape(y_hat.shape)) ** 2).mean()
