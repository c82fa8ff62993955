"""Multiplies the gradient by lr and then the update by lr again: the step is lr times too small.

expect-fail: gd_step_small, gd_step_diabetes, gd_step_two_outputs
expect-message: learning rate was applied twice
"""

import torch


def gd_step(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
            lr: float) -> tuple[torch.Tensor, torch.Tensor]:
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    n = R.numel()
    grad_W = lr * (2.0 / n) * (X.T @ R)
    grad_b = lr * (2.0 / n) * R.sum(dim=0)
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
