"""softmax_np subtracts the max and exponentiates in place, changing the caller's array.

expect-fail: np_input_not_modified
expect-message: in place
base: reference
"""

import numpy as np


def softmax_np(x, axis=-1):
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    x -= x.max(axis=axis, keepdims=True)
    np.exp(x, out=x)
    return x / x.sum(axis=axis, keepdims=True)
