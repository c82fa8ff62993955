"""batch_shapes splits a real index tensor with torch.split and converts each torch.Size to a tuple.

The counts use -(-n // b) (ceil) and n // b (floor) with integers only.
"""

import torch


def _validate(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if n_samples < 0:
        raise ValueError("n_samples cannot be negative")


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    _validate(n_samples, batch_size)
    if drop_last:
        return n_samples // batch_size
    return -(-n_samples // batch_size)


def total_updates(n_samples: int, batch_size: int, epochs: int, drop_last: bool = False) -> int:
    if epochs < 0:
        raise ValueError("epochs cannot be negative")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples: int, batch_size: int, sample_shape: tuple[int, ...],
                 drop_last: bool = False) -> list[tuple[int, ...]]:
    _validate(n_samples, batch_size)
    if n_samples == 0:
        return []
    chunks = torch.arange(n_samples).split(batch_size)
    if drop_last:
        chunks = [c for c in chunks if len(c) == batch_size]
    return [tuple(c.shape) + tuple(sample_shape) for c in chunks]
