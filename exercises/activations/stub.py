"""Activation functions, and why a network needs them. Read the prompt with `learn show activations`."""

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """sigmoid(x) = 1 / (1 + exp(-x)), element-wise, stable for large |x|."""
    raise NotImplementedError("sigmoid: 1 / (1 + exp(-x)), without exponentiating large positive numbers")


def tanh(x: torch.Tensor) -> torch.Tensor:
    """tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x)), element-wise, stable for large |x|."""
    raise NotImplementedError("tanh: write it with exp(-2|x|), which never overflows")


def relu(x: torch.Tensor) -> torch.Tensor:
    """relu(x) = max(x, 0), element-wise."""
    raise NotImplementedError("relu: keep the positive part, zero the rest, without changing x")


def collapse_linear(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """(W, b) such that X @ W + b == (...((X @ W1 + b1) @ W2 + b2)...) @ Wk + bk."""
    raise NotImplementedError("collapse_linear: multiply the weights in order, push each bias through the later ones")
