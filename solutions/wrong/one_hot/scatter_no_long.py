"""scatter_ with labels.unsqueeze(-1) as the index, without .long(): a uint8 batch of labels is refused as an index.

expect-fail: other_int_dtypes
expect-message: convert with labels.long()
"""

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    if labels.is_floating_point() or labels.is_complex() or labels.dtype == torch.bool:
        raise ValueError(f"labels must have an integer dtype, got {labels.dtype}")
    if labels.numel() > 0:
        lo, hi = int(labels.min()), int(labels.max())
        if lo < 0 or hi >= num_classes:
            raise ValueError(f"labels must be in 0 … {num_classes - 1}, got {lo if lo < 0 else hi}")
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def decode(scores: torch.Tensor) -> torch.Tensor:
    return scores.argmax(dim=-1)
