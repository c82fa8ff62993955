"""Gets the gradient from autograd with loss.backward() instead of writing it.

expect-fail: gd_step_small, gd_step_diabetes, sgd_epoch_small
expect-message: asks you to write yourself
"""

import torch


def gd_step(W, b, X, y, lr):
    W_ = W.detach().clone().requires_grad_(True)
    b_ = b.detach().clone().requires_grad_(True)
    y_hat = X @ W_ + b_
    loss = ((y_hat - y.reshape(y_hat.shape)) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        return W - lr * W_.grad, b - lr * b_.grad


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator).to(X.device)
    n_updates = 0
    for start in range(0, N, batch_size):
        idx = perm[start:start + batch_size]
        W, b = gd_step(W, b, X[idx], y[idx], lr)
        n_updates += 1
    return W, b, n_updates
