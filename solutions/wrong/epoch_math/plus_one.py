"""Rounds up as n // b + 1, which adds a batch even when nothing is left over.

expect-fail: ipe_even, ipe_small_data, batch_shapes_even_and_small
expect-message: n // b + 1 is not the ceiling
"""


def _check(n, b):
    if b < 1 or n < 0:
        raise ValueError("bad arguments")


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    _check(n_samples, batch_size)
    if drop_last:
        return n_samples // batch_size
    return n_samples // batch_size + 1


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    if epochs < 0:
        raise ValueError("epochs < 0")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    _check(n_samples, batch_size)
    full = n_samples // batch_size
    out = [(batch_size, *sample_shape)] * full
    if not drop_last:
        out.append((n_samples - full * batch_size, *sample_shape))
    return out
