"""Computes each row with torch.matmul in a loop and stacks them; mse compares .size() and flattens both tensors to 1-D.
"""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    rows = []
    for x in X:
        rows.append(torch.matmul(x, W) + b)
    return torch.stack(rows)


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    weights = d * p
    biases = p if bias else 0
    return weights + biases


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if y_hat.size() != y.size():
        raise ValueError("y_hat and y differ in shape")
    diff = y_hat.flatten() - y.flatten()
    return (diff * diff).mean()
