"""Starts from torch.eye / torch.zeros, which are float32 on the CPU whatever the weights are.

expect-fail: collapse_float64
expect-message: torch.eye(d)
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
    d = weights[0].shape[0]
    W, b = torch.eye(d), torch.zeros(d)
    for Wi, bi in zip(weights, biases):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
