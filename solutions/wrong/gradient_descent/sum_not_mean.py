"""Takes the gradient of the summed squared error: the 1/n of the mean is missing.

expect-fail: gd_step_small, gd_step_two_outputs, gd_step_diabetes
expect-message: gradient of the sum
"""

import torch


def gd_step(W, b, X, y, lr):
    y_hat = X @ W + b
    R = y_hat - y.reshape(y_hat.shape)
    return W - lr * 2.0 * (X.T @ R), b - lr * 2.0 * R.sum(dim=0)


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
