"""numerical_derivative is a central difference, but with its own fixed step: the h passed is never used.

expect-fail: numerical_large_h, numerical_exp_h
expect-message: the h argument is not used
base: reference
"""

from typing import Callable
import torch


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    h = 1e-4
    return float((f(x + h) - f(x - h)) / (2 * h))
