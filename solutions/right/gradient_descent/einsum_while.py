"""Writes the gradients with torch.einsum and walks the permutation with a while loop and a counter."""

import torch


def gd_step(W, b, X, y, lr):
    pred = torch.einsum("nd,dp->np", X, W) + b
    err = pred - y.view(pred.shape)
    scale = 2.0 / err.numel()
    dW = scale * torch.einsum("nd,np->dp", X, err)
    db = scale * torch.einsum("np->p", err)
    return W - lr * dW, b - lr * db


def sgd_epoch(W, b, X, y, lr, batch_size, generator):
    N = len(X)
    order = torch.randperm(N, generator=generator).to(X.device)
    start, steps = 0, 0
    while start < N:
        batch = order[start:start + batch_size]
        W, b = gd_step(W, b, X[batch], y[batch], lr)
        steps += 1
        start += batch_size
    return W, b, steps
