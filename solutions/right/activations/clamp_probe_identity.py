"""sigmoid clamps the exponent to ≤ 0 instead of using abs, relu is (x + |x|) / 2, and collapse_linear pushes the identity and a zero row through the layers."""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    ep = torch.exp(torch.clamp(x, max=0))     # exp(x) where x < 0, else 1
    en = torch.exp(torch.clamp(-x, max=0))    # exp(-x) where x > 0, else 1
    return ep / (ep + en)


def tanh(x: torch.Tensor) -> torch.Tensor:
    z = torch.exp(-2 * x.abs())
    return x.sign() * (1 - z) / (1 + z)


def relu(x: torch.Tensor) -> torch.Tensor:
    return (x + x.abs()) / 2


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    # the map is affine: b = f(0), and row i of W is f(e_i) - f(0)
    d_in = weights[0].shape[0]
    eye = torch.eye(d_in, dtype=weights[0].dtype, device=weights[0].device)
    h = torch.cat([eye, torch.zeros(1, d_in, dtype=eye.dtype, device=eye.device)])
    for Wi, bi in zip(weights, biases):
        h = h @ Wi + bi
    b = h[-1]
    return h[:-1] - b, b
