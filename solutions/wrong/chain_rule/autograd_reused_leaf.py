"""Reuses one module-level leaf tensor, so .grad accumulates from call to call.

expect-fail: autograd_fresh_each_call
expect-message: accumulate
"""

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


_t = torch.zeros((), dtype=torch.float64, requires_grad=True)


def autograd_derivative(f, x):
    with torch.no_grad():
        _t.fill_(x)
    f(_t).backward()
    return _t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
