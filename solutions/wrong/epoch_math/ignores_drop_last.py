"""Always rounds up: the drop_last argument is accepted but ignored.

expect-fail: ipe_drop_last, total_updates, batch_shapes_drop_last
expect-message: drop_last=True was ignored
"""


def _check(n, b):
    if b < 1 or n < 0:
        raise ValueError("bad arguments")


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    _check(n_samples, batch_size)
    return (n_samples + batch_size - 1) // batch_size


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    if epochs < 0:
        raise ValueError("epochs < 0")
    return epochs * iterations_per_epoch(n_samples, batch_size)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    _check(n_samples, batch_size)
    out = []
    for start in range(0, n_samples, batch_size):
        out.append((min(batch_size, n_samples - start), *sample_shape))
    return out
