"""Returns t.grad, a tensor, instead of a Python float.

expect-fail: autograd_cubic, autograd_sin, autograd_polynomial, autograd_fresh_each_call
expect-message: Python float
"""

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    f(t).backward()
    return t.grad


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
