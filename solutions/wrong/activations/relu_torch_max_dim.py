"""relu as torch.max(x, 0), meaning max(x, 0): the 0 is read as dim=0, so it returns a (values, indices) pair.

expect-fail: relu_values, input_not_modified, keeps_graph
expect-message: the 0 is read as a dim
"""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-x.abs())              # in (0, 1]: never overflows
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-2 * x.abs())          # in (0, 1]
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.max(x, 0)


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
