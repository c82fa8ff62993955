"""fit trains with the mean squared error of the probabilities instead of the BCE.

expect-fail: fit_follows_bce
expect-message: mean squared error
"""

import torch
import torch.nn.functional as F
from torch import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.linear(x))


def accuracy(probs: torch.Tensor, y: torch.Tensor, threshold: float = 0.5) -> float:
    predicted = (probs.reshape(-1) >= threshold).to(torch.float32)
    labels = y.reshape(-1).to(torch.float32)
    return (predicted == labels).to(torch.float32).mean().item()


def fit(X: torch.Tensor, y: torch.Tensor, *, epochs: int = 100, lr: float = 0.1,
        seed: int = 0) -> LogisticRegression:
    torch.manual_seed(seed)
    model = LogisticRegression(X.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    target = y.reshape(-1, 1).to(X.dtype)
    model.train()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = F.mse_loss(model(X), target)
        loss.backward()
        optimizer.step()
    return model
