"""Reads was_training after model.eval(): it is always False, so a training model is restored to eval mode.

expect-fail: restores_training_mode
expect-message: was_training read after model.eval()
"""

import torch
from torch import nn


def _eval_logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    model.eval()
    was_training = model.training
    try:
        with torch.no_grad():
            return model(X)
    finally:
        model.train(was_training)


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return _eval_logits(model, X).argmax(dim=1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(_eval_logits(model, X), dim=1)
