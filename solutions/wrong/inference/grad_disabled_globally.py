"""Switches gradients off for the whole process with torch.set_grad_enabled(False) and never back on.

expect-fail: no_graph
expect-message: returned with it still off
"""

import torch
from torch import nn


def _eval_logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    was_training = model.training
    model.eval()
    try:
        torch.set_grad_enabled(False)
        return model(X)
    finally:
        model.train(was_training)


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return _eval_logits(model, X).argmax(dim=1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(_eval_logits(model, X), dim=1)
