"""Forgets the 2 from the derivative of R squared: the step is half as large.

expect-fail: gd_step_small, gd_step_diabetes, sgd_epoch_small
expect-message: factor 2
"""

import torch


def gd_step(W, b, X, y, lr):
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    n = R.numel()
    return W - lr * (X.T @ R) / n, b - lr * R.sum(dim=0) / n


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
