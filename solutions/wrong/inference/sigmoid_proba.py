"""predict_proba applies sigmoid to each logit: the rows do not sum to 1 (that is for independent yes/no outputs).

expect-fail: predict_proba_values
expect-message: every row (one sample) sums to 1
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
    return torch.sigmoid(_eval_logits(model, X))
