"""relu by zeroing the negatives of x itself: x[x < 0] = 0 changes the caller's tensor.

expect-fail: input_not_modified
expect-message: in place
"""

import torch


def sigmoid(x):
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x):
    z = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x):
    x[x < 0] = 0
    return x


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
