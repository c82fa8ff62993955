"""Validates the labels with assert statements: bad labels raise AssertionError, not ValueError.

expect-fail: negative_rejected, too_large_rejected, non_integer_rejected
expect-message: assert raises AssertionError
"""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    assert not labels.is_floating_point(), "labels must be integers"
    if labels.numel() > 0:
        assert int(labels.min()) >= 0, "labels must not be negative"
        assert int(labels.max()) < num_classes, "labels must be < num_classes"
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.long().unsqueeze(-1) == classes).to(torch.float32)


def decode(scores: torch.Tensor) -> torch.Tensor:
    return scores.argmax(dim=-1)
