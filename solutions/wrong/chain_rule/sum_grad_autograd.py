"""Uses autograd for the hand-derived gradient.

expect-fail: sum_grad_floats, sum_grad_negative, sum_grad_tensors
expect-message: asks you to write yourself
"""

import torch


def square_of_sum_grad(x, y):
    is_float = not isinstance(x, torch.Tensor)
    tx = torch.tensor(x, dtype=torch.float64) if is_float else x.detach().clone()
    ty = torch.tensor(y, dtype=torch.float64) if is_float else y.detach().clone()
    tx.requires_grad_()
    ty.requires_grad_()
    ((tx + ty) ** 2).sum().backward()
    if is_float:
        return tx.grad.item(), ty.grad.item()
    return tx.grad, ty.grad


def autograd_derivative(f, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.item()


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
