"""Log-softmax and cross-entropy, numerically stable. Read the prompt with `learn show cross_entropy`."""

import torch


def log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """log_softmax(x)_i = (x_i - m) - log(sum_j exp(x_j - m)), m = max along `dim`."""
    raise NotImplementedError("log_softmax: subtract the max along dim, then subtract the log of the sum of exps")


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """loss = -(1/N) * sum_i log_softmax(logits, dim=1)[i, targets[i]], a 0-dim tensor."""
    raise NotImplementedError("cross_entropy: log_softmax over the classes, pick each target, average, negate")
