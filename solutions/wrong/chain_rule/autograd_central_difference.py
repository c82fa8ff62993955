"""autograd_derivative written as a central difference: right numbers, no autograd.

expect-fail: autograd_cubic, autograd_sin, autograd_polynomial, autograd_fresh_each_call
expect-message: Autograd was not used
"""

import torch


def square_of_sum_grad(x, y):
    g = 2 * (x + y)
    return g, g


def autograd_derivative(f, x):
    h = 1e-6
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
