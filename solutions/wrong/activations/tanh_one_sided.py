"""tanh as (1 - exp(-2x)) / (1 + exp(-2x)): fine for large x, nan for very negative x.

expect-fail: tanh_minus_1000
expect-message: inf/inf
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    z = torch.exp(-2 * x)
    return (1 - z) / (1 + z)


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
