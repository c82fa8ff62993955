"""batch_shapes slices a real tensor and returns each batch's torch.Size instead of a plain tuple.

expect-fail: batch_shapes_3000, batch_shapes_scalar_samples
expect-message: torch.Size is not a plain tuple
"""

import torch


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
    data = torch.empty(n_samples, *sample_shape)
    shapes = []
    for start in range(0, n_samples, batch_size):
        batch = data[start:start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        shapes.append(batch.shape)
    return shapes
