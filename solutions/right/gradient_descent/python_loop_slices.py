"""Counts the batches with math.ceil and loops over k, slicing perm[k * B:(k + 1) * B]; gradients with .t().mm()."""

import math

import torch


def gd_step(W, b, X, y, lr):
    if y.dim() == 1:
        y = y.unsqueeze(1)
    residual = X.mm(W) + b - y
    n = residual.shape[0] * residual.shape[1]
    grad_W = 2 * X.t().mm(residual) / n
    grad_b = 2 * residual.sum(dim=0) / n
    W_new = W - lr * grad_W
    b_new = b - lr * grad_b
    return W_new, b_new


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = X.shape[0]
    perm = torch.randperm(N, generator=generator)
    n_batches = math.ceil(N / batch_size)
    for k in range(n_batches):
        idx = perm[k * batch_size:(k + 1) * batch_size].to(X.device)
        W, b = gd_step(W, b, X[idx], y[idx], lr)
    return W, b, n_batches
