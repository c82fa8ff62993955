"""A DataLoader(shuffle=True, generator=g) instead of torch.randperm: a different order.

expect-fail: parameters_after_training
expect-message: DataLoader
"""

import torch
from torch.utils.data import DataLoader, TensorDataset


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.train()
    history = []
    for _ in range(epochs):
        order = torch.cat([b[0] for b in DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=True, generator=g)])
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size].to(X.device)
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / n)
    return history
