"""Floors with divmod, counts parameters from the weight shapes, and gets LeNet-5's shapes by running a zero image through real layers."""

import torch
from torch import nn


def _hw(v):
    try:
        a, b = v
    except TypeError:
        a = b = v
    return int(a), int(b)


def _size(n, k, s, p, d):
    q, _ = divmod(n + 2 * p - d * (k - 1) - 1, s)
    return q + 1


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = _hw(kernel_size), _hw(stride), _hw(padding), _hw(dilation)
    result = (_size(h, kh, sh, ph, dh), _size(w, kw, sw, pw, dw))
    if any(n < 1 for n in result):
        raise ValueError("the output would be empty")
    return result


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, kernel_size if stride is None else stride)


def _numel(shape):
    total = 1
    for n in shape:
        total *= n
    return total


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _hw(kernel_size)
    shapes = [(out_channels, in_channels, kh, kw)] + ([(out_channels,)] if bias else [])
    return sum(_numel(s) for s in shapes)


def lenet5_shapes():
    layers = [nn.Conv2d(1, 6, 5), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 2),
              nn.Sequential(nn.Flatten(), nn.Linear(16 * 5 * 5, 120)), nn.Linear(120, 84), nn.Linear(84, 10)]
    x = torch.zeros(1, 1, 32, 32)
    shapes = []
    with torch.no_grad():
        for layer in layers:
            x = layer(x)
            shapes.append(tuple(int(n) for n in x.shape[1:]))
    return shapes


def bottleneck_param_count(channels, reduced):
    return sum(conv2d_param_count(i, o, k, bias=False)
               for i, o, k in ((channels, reduced, 1), (reduced, reduced, 3), (reduced, channels, 1)))
