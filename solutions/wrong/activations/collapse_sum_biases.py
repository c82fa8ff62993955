"""Adds the biases up without passing them through the later layers' weights.

expect-fail: collapse_three_layers, collapse_square_layers, collapse_float64
expect-message: plain sum
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    z = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W = weights[0]
    for Wi in weights[1:]:
        W = W @ Wi
    b = biases[0]
    for bi in biases[1:]:
        b = b + bi
    return W, b
