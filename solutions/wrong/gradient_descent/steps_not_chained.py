"""Every batch steps from the original W, b (results stored in new names): only the last batch's step survives.

expect-fail: sgd_epoch_small, sgd_epoch_diabetes
expect-message: started again from the original W, b
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
    n_updates = 0
    W_new, b_new = W, b
    for start in range(0, n_samples, batch_size):
        idx = perm[start:start + batch_size]
        W_new, b_new = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W_new, b_new, n_updates
