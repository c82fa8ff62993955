"""Expands (x + y)² as x² + xy + y² (the 2 of 2xy lost): returns (2x + y, x + 2y).

expect-fail: sum_grad_floats, sum_grad_negative, sum_grad_tensors
expect-message: x² + xy + y²
"""

import torch


def square_of_sum_grad(x, y):
    # (x + y)^2 = x^2 + xy + y^2
    return 2 * x + y, x + 2 * y


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
