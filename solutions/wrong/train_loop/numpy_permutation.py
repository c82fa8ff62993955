"""Shuffles with np.random.seed(seed) / np.random.permutation(N) instead of torch.randperm(N, generator=g).

expect-fail: parameters_after_training, epoch_losses, uses_seed
expect-message: np.random.permutation(N) every epoch
"""

import numpy as np
import torch


def train(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, *, loss_fn, epochs: int, lr: float,
          batch_size: int, seed: int = 0) -> list[float]:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.train()
    np.random.seed(seed)
    history = []
    for _ in range(epochs):
        order = torch.from_numpy(np.random.permutation(n))
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
