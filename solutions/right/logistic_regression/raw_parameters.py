"""Holds the weights and the bias as nn.Parameter attributes and computes sigmoid(x @ w + b) itself."""

import torch
from torch import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_features, 1) * 0.01)
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(x @ self.w + self.b)


def accuracy(probs: torch.Tensor, y: torch.Tensor, threshold: float = 0.5) -> float:
    predicted = torch.where(probs.reshape(-1) >= threshold, 1.0, 0.0)
    return float((predicted == y.reshape(-1).to(predicted.dtype)).float().mean())


def fit(X: torch.Tensor, y: torch.Tensor, *, epochs: int = 100, lr: float = 0.1,
        seed: int = 0) -> LogisticRegression:
    torch.manual_seed(seed)
    model = LogisticRegression(X.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCELoss()
    target = y.reshape(-1, 1)
    model.train()
    for _ in range(epochs):
        optimizer.zero_grad()
        probs = model(X)
        loss = loss_fn(probs, target)
        loss.backward()
        optimizer.step()
    return model
