"""predict calls logits.argmax() without dim: one index into the flattened (N, C) tensor.

expect-fail: predict_classes
expect-message: argmax() without dim flattens
"""

import torch
from torch import nn


def _eval_logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return model(X)
    finally:
        model.train(was_training)


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return _eval_logits(model, X).argmax()


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(_eval_logits(model, X), dim=1)
