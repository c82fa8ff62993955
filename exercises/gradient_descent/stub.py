"""Gradient descent by hand. Read the prompt with `learn show gradient_descent`."""

import torch


def gd_step(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
            lr: float) -> tuple[torch.Tensor, torch.Tensor]:
    """W - lr * (2/n) X^T R, b - lr * (2/n) sum_rows R, with R = X W + b - y and n = R.numel()."""
    raise NotImplementedError("gd_step: one full-batch gradient descent step on the MSE")


def sgd_epoch(W: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor, lr: float,
              batch_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, int]:
    """gd_step on X[idx], y[idx] for each idx = perm[k*B:(k+1)*B], perm = randperm(N, generator)."""
    raise NotImplementedError("sgd_epoch: one shuffled epoch of mini-batch SGD")
