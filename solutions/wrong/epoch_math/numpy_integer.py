"""iterations_per_epoch returns np.ceil's numpy scalar, cast to np.int64 but never to a Python int.

expect-fail: ipe_remainder
expect-message: numpy scalar
base: reference
"""

import numpy as np


def iterations_per_epoch(n_samples: int, batch_size: int, drop_last: bool = False) -> int:
    _check(n_samples, batch_size)
    if drop_last:
        return n_samples // batch_size
    return np.int64(np.ceil(n_samples / batch_size))
