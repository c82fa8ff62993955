"""Does every batch but reports n_updates as N // batch_size.

expect-fail: sgd_n_updates
expect-message: leaves out the last partial batch
"""

import torch


def gd_step(W, b, X, y, lr):
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    n = R.numel()
    return W - lr * (2.0 / n) * (X.T @ R), b - lr * (2.0 / n) * R.sum(dim=0)


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
    return W, b, N // batch_size
