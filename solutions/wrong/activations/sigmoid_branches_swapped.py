"""Stable sigmoid with the two torch.where branches swapped: it computes sigmoid(-x).

expect-fail: sigmoid_values, sigmoid_minus_1000, sigmoid_plus_1000
expect-message: sign in the exponent is flipped
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, z / (1 + z), 1 / (1 + z))


def tanh(x):
    z = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
