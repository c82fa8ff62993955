"""fit trains on the linear layer's logits with F.binary_cross_entropy_with_logits; forward still returns sigmoid."""

import torch
import torch.nn.functional as F
from torch import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.logits(x))


def accuracy(probs: torch.Tensor, y: torch.Tensor, threshold: float = 0.5) -> float:
    predicted = probs.flatten() >= threshold
    return (predicted == y.flatten().bool()).float().mean().item()


def fit(X: torch.Tensor, y: torch.Tensor, *, epochs: int = 100, lr: float = 0.1,
        seed: int = 0) -> LogisticRegression:
    torch.manual_seed(seed)
    model = LogisticRegression(X.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    target = y.view(-1, 1).float()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model.logits(X), target)
        loss.backward()
        optimizer.step()
    return model
