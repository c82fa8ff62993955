"""The chain rule by hand, by autograd, and by finite differences. Read the prompt with `learn show chain_rule`."""

from typing import Callable

import torch


def square_of_sum_grad(x: float | torch.Tensor, y: float | torch.Tensor) -> tuple[float | torch.Tensor, float | torch.Tensor]:
    """z = (x + y)²: returns (dz/dx, dz/dy) = (2(x + y), 2(x + y)), worked out by hand."""
    raise NotImplementedError("square_of_sum_grad: apply the chain rule to z = u², u = x + y")


def autograd_derivative(f: Callable, x: float) -> float:
    """f'(x), computed by torch.autograd (backward or torch.autograd.grad), as a Python float."""
    raise NotImplementedError("autograd_derivative: make a leaf tensor that requires grad, call f, backward")


def numerical_derivative(f: Callable, x: float, h: float = 1e-5) -> float:
    """f'(x) ≈ (f(x + h) - f(x - h)) / (2h), the central difference."""
    raise NotImplementedError("numerical_derivative: the central difference")
