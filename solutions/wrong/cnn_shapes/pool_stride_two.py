"""Pooling with stride=None divides by 2, as if every pooling were 2 x 2, instead of by the kernel size.

expect-fail: pool_default_stride
expect-message: stride of 2 whatever the kernel
"""


def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _axis(size, kernel, stride, padding, dilation):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    out = tuple(_axis(n, k[i], s[i], p[i], d[i]) for i, n in enumerate((h, w)))
    if min(out) < 1:
        raise ValueError(f"output size {out} is empty: the kernel does not fit in the padded {h}x{w} input")
    return out


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, 2 if stride is None else stride)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size)
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)


def lenet5_shapes():
    c1 = (6, *conv2d_output_size(32, 32, 5))
    s2 = (6, *pool2d_output_size(c1[1], c1[2], 2))
    c3 = (16, *conv2d_output_size(s2[1], s2[2], 5))
    s4 = (16, *pool2d_output_size(c3[1], c3[2], 2))
    return [c1, s2, c3, s4, (120,), (84,), (10,)]


def bottleneck_param_count(channels, reduced):
    return (conv2d_param_count(channels, reduced, 1, bias=False)
            + conv2d_param_count(reduced, reduced, 3, bias=False)
            + conv2d_param_count(reduced, channels, 1, bias=False))
