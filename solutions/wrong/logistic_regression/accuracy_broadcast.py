"""accuracy compares the (N, 1) predictions with the (N,) labels directly: an (N, N) table.

expect-fail: accuracy_value, accuracy_label_shapes
expect-message: broadcasts every prediction against every label
"""

import torch
import torch.nn.functional as F
from torch import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


def accuracy(probs, y, threshold=0.5):
    predicted = (probs >= threshold).float()
    return (predicted == y).float().mean().item()


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
