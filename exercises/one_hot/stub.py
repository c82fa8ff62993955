"""One-hot encoding and decoding. Read the prompt with `learn show one_hot`."""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """out[..., c] = 1.0 if labels[...] == c else 0.0; float32, shape labels.shape + (num_classes,)."""
    raise NotImplementedError("one_hot: validate the labels, then compare them with every class index")


def decode(scores: torch.Tensor) -> torch.Tensor:
    """decode(scores)[...] = argmax_c scores[..., c], as int64."""
    raise NotImplementedError("decode: the index of the largest score along the last dim")
