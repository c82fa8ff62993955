"""Drops the + 1 of the output-size formula (counting the strides, not the kernel positions).

expect-fail: conv_output_basic, conv_stride_padding, pool_default_stride
expect-message: the + 1
"""


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    out = tuple((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] for i, n in enumerate((h, w)))
    if min(out) < 1:
        raise ValueError("empty output")
    return out


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, kernel_size if stride is None else stride)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size)
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)


def lenet5_shapes():
    return [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120,), (84,), (10,)]


def bottleneck_param_count(channels, reduced):
    return channels * reduced + reduced * reduced * 9 + reduced * channels
