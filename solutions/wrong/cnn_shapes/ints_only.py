"""Handles only int sizes: a (height, width) pair raises TypeError.

expect-fail: conv_pair_arguments, pool_stride_and_pairs, conv_param_count_pair_kernel
expect-message: raised TypeError
"""


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    out = tuple((n + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1 for n in (h, w))
    if min(out) < 1:
        raise ValueError("empty output")
    return out


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, kernel_size if stride is None else stride)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    return out_channels * in_channels * kernel_size * kernel_size + (out_channels if bias else 0)


def lenet5_shapes():
    return [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120,), (84,), (10,)]


def bottleneck_param_count(channels, reduced):
    return channels * reduced + reduced * reduced * 9 + reduced * channels
