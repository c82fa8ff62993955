"""Puts sample_shape into the batch shape as one element: (64, (256,)) instead of (64, 256).

expect-fail: batch_shapes_3000, batch_shapes_even_and_small
expect-message: Unpack it
"""


def _check(n, b):
    if b < 1 or n < 0:
        raise ValueError("bad arguments")


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    _check(n_samples, batch_size)
    if drop_last:
        return n_samples // batch_size
    return (n_samples + batch_size - 1) // batch_size


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    if epochs < 0:
        raise ValueError("epochs < 0")
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    _check(n_samples, batch_size)
    full, left = divmod(n_samples, batch_size)
    out = [(batch_size, sample_shape)] * full
    if left and not drop_last:
        out.append((left, sample_shape))
    return out
