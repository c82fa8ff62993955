"""sigmoid as exp(x) / (1 + exp(x)): inf/inf = nan for large x.

expect-fail: sigmoid_plus_1000
expect-message: inf/inf
"""

import torch


def sigmoid(x):
    e = torch.exp(x)
    return e / (1 + e)


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
