"""Builds nn.Conv2d layers and counts their parameters instead of using the formula.

expect-fail: conv_param_count, bottleneck_param_count
expect-message: asks you to write yourself
"""

from torch import nn


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    out = tuple((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i, n in enumerate((h, w)))
    if min(out) < 1:
        raise ValueError("empty output")
    return out


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, kernel_size if stride is None else stride)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    layer = nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)
    return sum(p.numel() for p in layer.parameters())


def lenet5_shapes():
    return [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120,), (84,), (10,)]


def bottleneck_param_count(channels, reduced):
    return sum(p.numel() for layer in (nn.Conv2d(channels, reduced, 1, bias=False),
                                       nn.Conv2d(reduced, reduced, 3, bias=False),
                                       nn.Conv2d(reduced, channels, 1, bias=False))
               for p in layer.parameters())
