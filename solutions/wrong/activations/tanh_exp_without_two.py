"""tanh with z = exp(-|x|) instead of exp(-2|x|): stable, but it is tanh(x/2).

expect-fail: tanh_values, float64_kept
expect-message: tanh(x/2)
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    z = torch.exp(-x.abs())
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
