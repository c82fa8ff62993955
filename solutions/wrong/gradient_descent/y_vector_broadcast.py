"""Never reshapes y, so a label vector (N,) against predictions (N, 1) broadcasts to (N, N).

expect-fail: gd_step_y_vector
expect-message: accidental broadcasting
"""

import torch


def gd_step(W, b, X, y, lr):
    R = X @ W + b - y
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
