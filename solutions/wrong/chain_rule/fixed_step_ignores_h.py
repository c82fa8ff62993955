"""numerical_derivative is a central difference, but with its own fixed step: the h passed is never used.

expect-fail: numerical_large_h, numerical_exp_h
expect-message: the h argument is not used
"""

from typing import Callable

import torch


def square_of_sum_grad(x: float | torch.Tensor, y: float | torch.Tensor) -> tuple[float | torch.Tensor, float | torch.Tensor]:
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f: Callable, x: float) -> float:
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    h = 1e-4
    return float((f(x + h) - f(x - h)) / (2 * h))
