"""sigmoid is the plain 1 / (1 + exp(-x)) (exp(1000) = inf gives 1 / inf = 0), relu multiplies by the boolean mask x > 0, tanh picks its sign with torch.where, and the layers are folded from the last one back."""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    # for x = -1000, exp(1000) is inf and 1 / (1 + inf) is exactly 0: no inf/inf anywhere
    return 1 / (1 + torch.exp(-x))


def tanh(x: torch.Tensor) -> torch.Tensor:
    e = torch.exp(-2 * torch.abs(x))
    t = (1 - e) / (1 + e)
    return torch.where(x < 0, -t, t)


def relu(x: torch.Tensor) -> torch.Tensor:
    return x * (x > 0)


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    # (((h W1 + b1) W2 + b2) W3 + b3): fold from the right, W = Wi @ W, b = bi @ W + b
    W, b = weights[-1], biases[-1]
    for Wi, bi in zip(reversed(weights[:-1]), reversed(biases[:-1])):
        b = bi @ W + b
        W = Wi @ W
    return W, b
