"""iterations_per_epoch returns np.ceil's numpy scalar, cast to np.int64 but never to a Python int.

expect-fail: ipe_remainder
expect-message: numpy scalar
"""

import numpy as np


def _check(n_samples: int, batch_size: int) -> None:
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if n_samples < 0:
        raise ValueError(f"n_samples must not be negative, got {n_samples}")


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    _check(n_samples, batch_size)
    if drop_last:
        return n_samples // batch_size
    return np.int64(np.ceil(n_samples / batch_size))


def total_updates(n_samples: int, batch_size: int, epochs: int, drop_last: bool = False) -> int:
    if epochs < 0:
        raise ValueError(f"epochs must not be negative, got {epochs}")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples: int, batch_size: int, sample_shape: tuple[int, ...],
                 drop_last: bool = False) -> list[tuple[int, ...]]:
    _check(n_samples, batch_size)
    rest = tuple(int(s) for s in sample_shape)
    full, left = divmod(n_samples, batch_size)
    shapes = [(batch_size, *rest) for _ in range(full)]
    if left and not drop_last:
        shapes.append((left, *rest))
    return shapes
