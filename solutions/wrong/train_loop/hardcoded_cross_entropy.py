"""Uses F.cross_entropy instead of the loss_fn it was given.

expect-fail: mse_regression
expect-message: The trained parameters differ
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
            loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / n)
    return history
