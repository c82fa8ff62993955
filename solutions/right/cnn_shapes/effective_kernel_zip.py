"""Works with the effective kernel size d·(k − 1) + 1 and checks it fits before dividing; loops over the axes with zip, and walks LeNet-5 through a layer list."""

import math


def _as_pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    out = []
    for n, k, s, p, d in zip((h, w), _as_pair(kernel_size), _as_pair(stride), _as_pair(padding), _as_pair(dilation)):
        reach = d * (k - 1) + 1
        room = n + 2 * p
        if reach > room:
            raise ValueError(f"kernel reaching {reach} pixels does not fit in {room}")
        out.append((room - reach) // s + 1)
    return tuple(out)


def pool2d_output_size(h, w, kernel_size, stride=None):
    ks = _as_pair(kernel_size)
    ss = ks if stride is None else _as_pair(stride)
    out = []
    for n, k, s in zip((h, w), ks, ss):
        if k > n:
            raise ValueError(f"pooling window {k} is larger than the input {n}")
        out.append((n - k) // s + 1)
    return tuple(out)


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    per_filter = in_channels * math.prod(_as_pair(kernel_size))
    return out_channels * (per_filter + int(bias))


def lenet5_shapes():
    layers = [("conv", 6, 5), ("pool", 2), ("conv", 16, 5), ("pool", 2), ("fc", 120), ("fc", 84), ("fc", 10)]
    c, h, w = 1, 32, 32
    shapes = []
    for layer in layers:
        if layer[0] == "conv":
            c = layer[1]
            h, w = conv2d_output_size(h, w, layer[2])
            shapes.append((c, h, w))
        elif layer[0] == "pool":
            h, w = pool2d_output_size(h, w, layer[1])
            shapes.append((c, h, w))
        else:
            shapes.append((layer[1],))
    return shapes


def bottleneck_param_count(channels, reduced):
    layers = [(channels, reduced, 1), (reduced, reduced, 3), (reduced, channels, 1)]
    return sum(conv2d_param_count(cin, cout, k, bias=False) for cin, cout, k in layers)
