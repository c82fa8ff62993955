"""The linear layer has no bias: n_features parameters instead of n_features + 1.

expect-fail: parameter_count, forward_probabilities
expect-message: the bias is missing
"""

import torch
import torch.nn.functional as F
from torch import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.linear = nn.Linear(n_features, 1, bias=False)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


def accuracy(probs, y, threshold=0.5):
    predicted = (probs.reshape(-1) >= threshold).float()
    return (predicted == y.reshape(-1).float()).float().mean().item()


def fit(X, y, *, epochs=100, lr=0.1, seed=0):
    torch.manual_seed(seed)
    model = LogisticRegression(X.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy(model(X), y.reshape(-1, 1))
        loss.backward()
        optimizer.step()
    return model
