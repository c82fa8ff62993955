"""Shuffles X with the permutation but walks through y in its original order: the pairs no longer match.

expect-fail: sgd_epoch_small, sgd_epoch_diabetes
expect-message: y left in its original order
"""

import torch


def gd_step(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
            lr: float) -> tuple[torch.Tensor, torch.Tensor]:
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    n = R.numel()
    grad_W = (2.0 / n) * (X.T @ R)
    grad_b = (2.0 / n) * R.sum(dim=0)
    return W - lr * grad_W, b - lr * grad_b


def sgd_epoch(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor, lr: float,
              batch_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, int]:
    n_samples = X.shape[0]
    perm = torch.randperm(n_samples, generator=generator).to(X.device)
    X = X[perm]
    n_updates = 0
    for start in range(0, n_samples, batch_size):
        W, b = gd_step(W, b, X[start:start + batch_size], y[start:start + batch_size], lr)
        n_updates += 1
    return W, b, n_updates
