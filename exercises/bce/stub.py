"""Binary cross-entropy, from probabilities and from logits. Read the prompt with `learn show bce`."""

import torch


def binary_cross_entropy(p: torch.Tensor, y: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """mean(-(y * log(p) + (1 - y) * log(1 - p))), with p clamped to [eps, 1 - eps] first."""
    raise NotImplementedError("binary_cross_entropy: clamp p, then average the two log terms")


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """mean(max(z, 0) - z * y + log(1 + exp(-|z|))), the same loss for p = sigmoid(z), stable for any z."""
    raise NotImplementedError("bce_with_logits: the stable form, without computing sigmoid(z)")
