"""The epoch losses are appended as np.float32 values, numpy scalars rather than Python floats.

expect-fail: returns_floats
expect-message: numpy scalar
base: reference
"""

import numpy as np
import torch


def train(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, *, loss_fn, epochs: int, lr: float,
          batch_size: int, seed: int = 0) -> list[float]:
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
            total += loss.item() * len(idx)
        history.append(np.float32(total / n))
    return history
