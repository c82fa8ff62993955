"""Rounds down (n // b) even without drop_last, losing the last partial batch.

expect-fail: ipe_remainder, ipe_small_data, total_updates
expect-message: floor
"""


def _check(n, b):
    if b < 1 or n < 0:
        raise ValueError("bad arguments")


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    _check(n_samples, batch_size)
    return n_samples // batch_size


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    if epochs < 0:
        raise ValueError("epochs < 0")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    _check(n_samples, batch_size)
    full, left = divmod(n_samples, batch_size)
    out = [(batch_size, *sample_shape)] * full
    if left and not drop_last:
        out.append((left, *sample_shape))
    return out
