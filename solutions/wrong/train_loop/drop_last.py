"""range(n // batch_size) batches: the last partial batch is dropped.

expect-fail: parameters_after_training, updates_per_epoch
expect-message: last batch of 2 samples was dropped
"""

import torch


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.train()
    history = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=g)
        total = 0.0
        for b in range(n // batch_size):
            start = b * batch_size
            idx = order[start:start + batch_size].to(X.device)
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / n)
    return history
