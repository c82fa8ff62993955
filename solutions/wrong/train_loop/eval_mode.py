"""Calls model.eval() before training: Dropout never active.

expect-fail: dropout_train_mode
expect-message: model.eval() was called
"""

import torch


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.eval()
    history = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=g)
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
