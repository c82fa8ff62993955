"""The idiomatic loop: a DataLoader over a TensorDataset, shuffled by the seeded generator, zero_grad first.

A DataLoader draws one number from g before each epoch's permutation, so its order differs from
torch.randperm(N, generator=g) called directly; the prompt accepts both orders.
"""

import torch
from torch.utils.data import DataLoader, TensorDataset


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True, generator=g)
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history.append(total / len(X))
    return history
