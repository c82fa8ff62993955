"""Makes g but calls torch.randperm(N) without generator=g: the order comes from the global random state.

expect-fail: same_seed_same_result, parameters_after_training
expect-message: without generator=g
"""

import torch


def train(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, *, loss_fn, epochs: int, lr: float,
          batch_size: int, seed: int = 0) -> list[float]:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.train()
    history = []
    for _ in range(epochs):
        order = torch.randperm(n)
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
