"""predict_proba writes the softmax by hand as exp(z) / exp(z).sum(): the sum runs over the whole tensor.

expect-fail: predict_proba_values
expect-message: whole tensor sums to 1
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
    e = torch.exp(_eval_logits(model, X))
    return e / e.sum()
