"""@torch.no_grad() as a decorator, and the mode restored with model.train(mode=...) in a finally."""

import torch
from torch import nn


@torch.no_grad()
def _logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    before = model.training
    try:
        model.eval()
        return model(X)
    finally:
        model.train(mode=before)


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.argmax(_logits(model, X), dim=-1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return _logits(model, X).softmax(dim=-1)
