"""Divides by the number of rows N instead of the number of elements N*p.

expect-fail: gd_step_two_outputs
expect-message: divides by the N
"""

import torch


def gd_step(W, b, X, y, lr):
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    N = X.shape[0]
    return W - lr * (2.0 / N) * (X.T @ R), b - lr * (2.0 / N) * R.sum(dim=0)


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
