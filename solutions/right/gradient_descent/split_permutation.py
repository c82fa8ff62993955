"""Cuts the permutation into batches with torch.split and writes the gradients as means (R.mean over all elements)."""

import torch


def gd_step(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
            lr: float) -> tuple[torch.Tensor, torch.Tensor]:
    p = W.shape[1]
    R = (X @ W + b) - y.reshape(-1, p)
    grad_W = 2 * (X.T @ R) / R.numel()
    grad_b = 2 * R.mean(dim=0) / p
    return W - lr * grad_W, b - lr * grad_b


def sgd_epoch(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor, lr: float,
              batch_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, int]:
    perm = torch.randperm(len(X), generator=generator)
    batches = torch.split(perm, batch_size)
    for idx in batches:
        idx = idx.to(X.device)
        W, b = gd_step(W, b, X.index_select(0, idx), y.index_select(0, idx), lr)
    return W, b, len(batches)
