"""Uses math.floor on a true division (which returns an int), writes LeNet-5's shapes out by hand, and the bottleneck as one formula."""

import math


def _two(v):
    if isinstance(v, (tuple, list)):
        return v[0], v[1]
    return v, v


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    kh, kw = _two(kernel_size)
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    dh, dw = _two(dilation)
    h_out = math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1
    w_out = math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1
    if h_out <= 0 or w_out <= 0:
        raise ValueError(f"empty output ({h_out}, {w_out}) for a {h}x{w} input")
    return h_out, w_out


def pool2d_output_size(h, w, kernel_size, stride=None):
    if stride is None:
        stride = kernel_size
    return conv2d_output_size(h, w, kernel_size, stride=stride, padding=0, dilation=1)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _two(kernel_size)
    weights = in_channels * kh * kw * out_channels
    return weights + out_channels if bias else weights


def lenet5_shapes():
    # 32 -5+1-> 28 -/2-> 14 -5+1-> 10 -/2-> 5, then 16*5*5 = 400 -> 120 -> 84 -> 10
    return [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120,), (84,), (10,)]


def bottleneck_param_count(channels, reduced):
    return channels * reduced + reduced * reduced * 3 * 3 + reduced * channels
