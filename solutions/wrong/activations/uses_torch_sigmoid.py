"""Calls torch.sigmoid, torch.tanh and F.relu instead of writing them.

expect-fail: sigmoid_values, sigmoid_plus_1000, tanh_values, relu_values
expect-message: asks you to write yourself
"""

import torch
import torch.nn.functional as F


def sigmoid(x):
    return torch.sigmoid(x)


def tanh(x):
    return x.tanh()


def relu(x):
    return F.relu(x)


def collapse_linear(weights, biases):
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
