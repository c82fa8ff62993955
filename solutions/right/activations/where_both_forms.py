"""sigmoid picks 1/(1+exp(-x)) or exp(x)/(1+exp(x)) with torch.where, tanh is 2·sigmoid(2x) − 1, relu is torch.where, and W, b come from functools.reduce."""

from functools import reduce

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    # both branches are computed, but torch.where only keeps the one that is finite for that sign
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))


def tanh(x: torch.Tensor) -> torch.Tensor:
    return 2 * sigmoid(2 * x) - 1


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x > 0, x, torch.zeros_like(x))


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    def step(acc, layer):
        W, b = acc
        Wi, bi = layer
        return W @ Wi, b @ Wi + bi

    return reduce(step, zip(weights[1:], biases[1:]), (weights[0], biases[0]))
