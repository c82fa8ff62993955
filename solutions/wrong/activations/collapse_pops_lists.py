"""collapse_linear takes the first layer with weights.pop(0) / biases.pop(0), emptying the caller's lists.

expect-fail: collapse_three_layers, collapse_square_layers, collapse_single_layer, collapse_float64
expect-message: lists were modified
"""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-x.abs())              # in (0, 1]: never overflows
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-2 * x.abs())          # in (0, 1]
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.clamp(x, min=0)


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    W, b = weights.pop(0), biases.pop(0)
    for Wi, bi in zip(weights, biases):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
