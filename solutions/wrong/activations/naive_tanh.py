"""tanh straight from the definition: exp(1000) overflows, inf/inf = nan.

expect-fail: tanh_plus_1000, tanh_minus_1000
expect-message: inf/inf
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
