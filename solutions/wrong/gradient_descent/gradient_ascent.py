"""Writes the residual as y - y_hat but keeps the minus sign: the step goes uphill.

expect-fail: gd_step_small, gd_step_diabetes, sgd_epoch_small, sgd_epoch_diabetes
expect-message: gradient ascent
"""

import torch


def gd_step(W, b, X, y, lr):
    y_hat = X @ W + b
    R = y.reshape(y_hat.shape) - y_hat
    n = R.numel()
    return W - lr * (2.0 / n) * (X.T @ R), b - lr * (2.0 / n) * R.sum(dim=0)


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
