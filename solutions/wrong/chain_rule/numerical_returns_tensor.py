"""Wraps x in a tensor, so f returns tensors and the result is a 0-dim tensor, not a float.

expect-fail: numerical_cubic, numerical_large_h, numerical_sin, numerical_exp_h, numerical_cube
expect-message: Python float
"""

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    t = torch.tensor(x, dtype=torch.float64)
    return (f(t + h) - f(t - h)) / (2 * h)
