"""A linear model and its loss. Read the prompt with `learn show linear_model`."""

import torch


def linear(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Y = X @ W + b for X (N, d), W (d, p), b (p,); Y is (N, p)."""
    raise NotImplementedError("linear: X @ W + b")


def n_parameters(d: int, p: int, bias: bool = True) -> int:
    """Number of learnable numbers: d * p weights, plus p biases when bias."""
    raise NotImplementedError("n_parameters: count the weights and biases")


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """mean_k (y_hat_k - y_k)^2 over all elements, as a 0-dim tensor; ValueError if the shapes differ."""
    raise NotImplementedError("mse: the mean of the squared differences")
