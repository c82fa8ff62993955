"""Clears the gradients with model.zero_grad() at the end of each batch, after step(), instead of at the start."""

import torch


def train(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, *, loss_fn, epochs: int, lr: float,
          batch_size: int, seed: int = 0) -> list[float]:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    N = X.shape[0]
    history = []
    model.train()
    for _ in range(epochs):
        order = torch.randperm(N, generator=generator)
        epoch_loss = 0.0
        for i in range(0, N, batch_size):
            batch = order[i:i + batch_size].to(X.device)
            xb, yb = X[batch], y[batch]
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            model.zero_grad()
            epoch_loss += loss.item() * xb.shape[0]
        history.append(epoch_loss / N)
    return history
