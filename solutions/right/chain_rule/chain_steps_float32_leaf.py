"""Spells out each chain-rule factor, and builds a default float32 leaf with requires_grad_() before calling .backward()."""

from typing import Callable

import torch


def square_of_sum_grad(x, y):
    u = x + y          # u = x + y
    dz_du = 2 * u      # z = u²
    du_dx = 1
    du_dy = 1
    return dz_du * du_dx, dz_du * du_dy


def autograd_derivative(f: Callable, x: float) -> float:
    t = torch.tensor(x).requires_grad_()
    out = f(t)
    out.backward()
    return t.grad.item()


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    return (f(x + h) - f(x - h)) / h / 2
