"""Runs the forward under torch.inference_mode() and eval via model.train(False)."""


import torch
from torch import nn


def _eval_logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    was_training = model.training
    model.train(False)
    try:
        with torch.inference_mode():
            return model(X)
    finally:
        model.train(was_training)


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return _eval_logits(model, X).argmax(dim=1)


def predict_proba(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    return torch.softmax(_eval_logits(model, X), dim=1)
