"""batch_shapes returns each shape as a list ([64, 256]) instead of a tuple.

expect-fail: batch_shapes_3000, batch_shapes_drop_last
expect-message: must be a tuple of ints
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
    out = []
    for start in range(0, n_samples, batch_size):
        k = min(batch_size, n_samples - start)
        if k < batch_size and drop_last:
            break
        out.append([k] + list(sample_shape))
    return out
