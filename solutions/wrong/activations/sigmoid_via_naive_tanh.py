"""sigmoid(x) = (1 + tanh(x/2)) / 2 on top of a naive tanh: nan at both extremes.

expect-fail: sigmoid_minus_1000, sigmoid_plus_1000, tanh_plus_1000, tanh_minus_1000
expect-message: sigmoid(-1000) is 0
"""

import torch


def tanh(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def sigmoid(x):
    return (1 + tanh(x / 2)) / 2


def relu(x):
    return torch.clamp(x, min=0)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
