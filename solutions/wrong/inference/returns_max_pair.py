"""predict returns torch.max(logits, 1) itself: the (values, indices) pair, not the class indices.

expect-fail: predict_classes, predict_single_sample
expect-message: return .values or .indices
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
    return torch.max(_eval_logits(model, X), 1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(_eval_logits(model, X), dim=1)
