"""Changes the default step to h = 1e-3: the truncation error h²·f'''(x)/6 shows.

expect-fail: numerical_sin
expect-message: default h
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


def numerical_derivative(f: Callable, x: float, h: float = 1e-3) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))
