"""Writes / 2 * h instead of / (2 * h): by precedence that is ((f(x + h) - f(x - h)) / 2) * h.

expect-fail: numerical_cubic, numerical_large_h, numerical_sin, numerical_exp_h, numerical_cube
expect-message: operator precedence
"""

from typing import Callable

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f: Callable, x: float) -> float:
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    return float((f(x + h) - f(x - h)) / 2 * h)
