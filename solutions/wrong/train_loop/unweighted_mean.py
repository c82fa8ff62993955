"""The epoch loss is the plain mean of the batch losses (the small last batch over-weighted).

expect-fail: epoch_losses
expect-message: plain means of the batch losses
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
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size].to(X.device)
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(range(0, n, batch_size)))
    return history
