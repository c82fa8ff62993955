"""Notices that both derivatives are equal and returns 2(x + y) once, not the pair (dz_dx, dz_dy).

expect-fail: sum_grad_floats, sum_grad_negative, sum_grad_tensors
expect-message: Return a pair
"""

import torch


def square_of_sum_grad(x, y):
    return 2 * (x + y)


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
