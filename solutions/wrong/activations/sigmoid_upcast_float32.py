"""sigmoid computes in float32 "for precision" (x.float()) and never casts back: float16 and float64 inputs come back float32.

expect-fail: float64_kept, float16_kept
expect-message: dtype float32
"""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    x = x.float()
    z = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-2 * x.abs())          # in (0, 1]
    return torch.sign(x) * (1 - z) / (1 + z)


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.clamp(x, min=0)


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    W, b = weights[0], biases[0]
    for Wi, bi in zip(weights[1:], biases[1:]):
        W = W @ Wi
        b = b @ Wi + bi
    return W, b
