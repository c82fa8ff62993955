"""predict_proba returns torch.log_softmax: log-probabilities, not probabilities.

expect-fail: predict_proba_values
expect-message: log-probabilities
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
    return _eval_logits(model, X).argmax(dim=1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.log_softmax(_eval_logits(model, X), dim=1)
