"""Logistic regression as an nn.Module. Read the prompt with `learn show logistic_regression`."""

import torch
from torch import nn


class LogisticRegression(nn.Module):
    """p(y = 1 | x) = sigmoid(x @ w + b), with n_features weights w and one bias b."""

    def __init__(self, n_features: int):
        super().__init__()
        raise NotImplementedError("LogisticRegression.__init__: hold one nn.Linear(n_features, 1)")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """sigmoid(x @ w + b) for x (N, n_features): probabilities of shape (N, 1)."""
        raise NotImplementedError("LogisticRegression.forward: the linear layer, then the sigmoid")


def accuracy(probs: torch.Tensor, y: torch.Tensor, threshold: float = 0.5) -> float:
    """mean over i of [ (probs_i >= threshold) == y_i ], as a Python float."""
    raise NotImplementedError("accuracy: threshold the probabilities, compare with y element by element")


def fit(X: torch.Tensor, y: torch.Tensor, *, epochs: int = 100, lr: float = 0.1,
        seed: int = 0) -> LogisticRegression:
    """Minimise mean BCE(model(X), y) with SGD from the model torch.manual_seed(seed) builds."""
    raise NotImplementedError("fit: seed, build the model, SGD on the BCE loss for `epochs` epochs")
