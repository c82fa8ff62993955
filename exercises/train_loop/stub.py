"""The training loop: mini-batch SGD over shuffled data. Read the prompt with `learn show train_loop`."""

from typing import Callable

import torch


def train(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, *, loss_fn: Callable, epochs: int, lr: float,
          batch_size: int, seed: int = 0) -> list[float]:
    """For each epoch, for each batch of randperm(N): zero_grad, loss, backward, step; return each epoch's mean loss."""
    raise NotImplementedError("train: SGD optimizer, a seeded generator, then epochs of shuffled mini-batches")
