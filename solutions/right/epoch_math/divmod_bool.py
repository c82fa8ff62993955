"""Rounds up with divmod plus a bool for the leftover batch, and builds the shapes with list repetition.

Every count stays a Python int: q + (r > 0) adds 0 or 1.
"""


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    if batch_size < 1 or n_samples < 0:
        raise ValueError("batch_size must be >= 1 and n_samples >= 0")
    full, left = divmod(n_samples, batch_size)
    if drop_last:
        return full
    return full + int(left > 0)


def total_updates(n_samples: int, batch_size: int, epochs: int, drop_last: bool = False) -> int:
    if epochs < 0:
        raise ValueError("epochs must be >= 0")
    per_epoch = iterations_per_epoch(n_samples, batch_size, drop_last)
    return per_epoch * epochs


def batch_shapes(n_samples: int, batch_size: int, sample_shape: tuple[int, ...],
                 drop_last: bool = False) -> list[tuple[int, ...]]:
    if batch_size < 1 or n_samples < 0:
        raise ValueError("batch_size must be >= 1 and n_samples >= 0")
    full, left = divmod(n_samples, batch_size)
    shapes = [(batch_size,) + tuple(sample_shape)] * full
    if left != 0 and not drop_last:
        shapes = shapes + [(left,) + tuple(sample_shape)]
    return shapes
