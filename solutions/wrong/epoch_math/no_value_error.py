"""No argument checks: batch_size 0 raises ZeroDivisionError, negative counts return nonsense.

expect-fail: rejects_bad_batch_size, rejects_negative_counts
expect-message: ValueError
"""


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return (n_samples + batch_size - 1) // batch_size


def total_updates(n_samples, batch_size, epochs, drop_last=False):
    return epochs * iterations_per_epoch(n_samples, batch_size, drop_last)


def batch_shapes(n_samples, batch_size, sample_shape, drop_last=False):
    full, left = divmod(n_samples, batch_size)
    out = [(batch_size, *sample_shape)] * full
    if left and not drop_last:
        out.append((left, *sample_shape))
    return out
