"""Returns torch.autograd.grad(...) as it is: a tuple holding one gradient tensor, not a float.

expect-fail: autograd_cubic, autograd_sin, autograd_polynomial, autograd_fresh_each_call
expect-message: returns a tuple
"""

from typing import Callable

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f: Callable, x: float) -> float:
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    return torch.autograd.grad(f(t), t)


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))
