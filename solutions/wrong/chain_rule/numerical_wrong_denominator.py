"""Central difference divided by h instead of 2h: twice the derivative.

expect-fail: numerical_cubic, numerical_large_h, numerical_sin, numerical_exp_h, numerical_cube
expect-message: divide by 2h
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
    return (f(x + h) - f(x - h)) / h
