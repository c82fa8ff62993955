"""Computes the weight gradient as R.T @ X, the transpose of dL/dW; W - lr * grad then broadcasts.

expect-fail: gd_step_small, gd_step_diabetes
expect-message: computed as R.T @ X
"""

import torch


def gd_step(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
            lr: float) -> tuple[torch.Tensor, torch.Tensor]:
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    n = R.numel()
    grad_W = (2.0 / n) * (R.T @ X)
    grad_b = (2.0 / n) * R.sum(dim=0)
    return W - lr * grad_W, b - lr * grad_b


def sgd_epoch(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor, lr: float,
              batch_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, int]:
    n_samples = X.shape[0]
    perm = torch.randperm(n_samples, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, n_samples, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
