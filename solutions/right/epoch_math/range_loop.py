"""Walks over the batch start positions with range(0, n, b) and min() for the rows, and rounds up with -(-n // b).

total_updates adds the per-epoch count once per epoch in a loop.
"""


def _validate(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if n_samples < 0:
        raise ValueError(f"n_samples must be >= 0, got {n_samples}")


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    _validate(n_samples, batch_size)
    return n_samples // batch_size if drop_last else -(-n_samples // batch_size)


def total_updates(n_samples: int, batch_size: int, epochs: int, drop_last: bool = False) -> int:
    _validate(n_samples, batch_size)
    if epochs < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    total = 0
    for _ in range(epochs):
        total += iterations_per_epoch(n_samples, batch_size, drop_last)
    return total


def batch_shapes(n_samples: int, batch_size: int, sample_shape: tuple[int, ...],
                 drop_last: bool = False) -> list[tuple[int, ...]]:
    _validate(n_samples, batch_size)
    shapes = []
    for start in range(0, n_samples, batch_size):
        rows = min(batch_size, n_samples - start)
        if drop_last and rows < batch_size:
            break
        shapes.append((rows, *sample_shape))
    return shapes
