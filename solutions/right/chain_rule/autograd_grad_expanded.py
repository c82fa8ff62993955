"""Differentiates the expanded x² + 2xy + y² term by term, and uses torch.autograd.grad instead of .backward()."""

from typing import Callable

import torch


def square_of_sum_grad(x, y):
    # z = x² + 2xy + y²  →  dz/dx = 2x + 2y,  dz/dy = 2x + 2y
    dz_dx = 2 * x + 2 * y
    dz_dy = 2 * y + 2 * x
    return dz_dx, dz_dy


def autograd_derivative(f: Callable, x: float) -> float:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f(t), t)
    return float(g)


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    f_plus = f(x + h)
    f_minus = f(x - h)
    return (f_plus - f_minus) / (2.0 * h)
