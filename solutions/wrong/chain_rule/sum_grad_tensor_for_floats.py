"""Turns float inputs into tensors and returns 0-dim tensors instead of floats.

expect-fail: sum_grad_floats, sum_grad_negative
expect-message: came back as a tensor
"""

import torch


def square_of_sum_grad(x, y):
    x, y = torch.as_tensor(x), torch.as_tensor(y)
    g = 2 * (x + y)
    return g, g.clone()


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
