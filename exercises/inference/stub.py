"""Inference: eval mode, no graph, model left as found. Read the prompt with `learn show inference`."""

import torch
from torch import nn


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """argmax over classes of model(X) in eval mode under no_grad: int64 of shape (N,)."""
    raise NotImplementedError("predict: eval mode, no_grad, argmax over the classes, restore the mode")


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """softmax over classes of model(X) in eval mode under no_grad: shape (N, C), rows sum to 1."""
    raise NotImplementedError("predict_proba: eval mode, no_grad, softmax over the classes, restore the mode")
