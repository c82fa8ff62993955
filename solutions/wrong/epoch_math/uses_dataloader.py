"""Builds a DataLoader over range(n) and counts its batches instead of doing the arithmetic.

expect-fail: ipe_remainder, ipe_drop_last, batch_shapes_3000
expect-message: asks you to write yourself
"""

from torch.utils.data import DataLoader


def _check(n, b):
    if b < 1 or n < 0:
        raise ValueError("bad arguments")


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    _check(n_samples, batch_size)
    return len(DataLoader(range(n_samples), batch_size=batch_size, drop_last=drop_last))


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    if epochs < 0:
        raise ValueError("epochs < 0")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    _check(n_samples, batch_size)
    loader = DataLoader(range(n_samples), batch_size=batch_size, drop_last=drop_last)
    return [(len(batch), *sample_shape) for batch in loader]
