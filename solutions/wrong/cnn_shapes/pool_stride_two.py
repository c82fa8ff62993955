"""Pooling with stride=None divides by 2, as if every pooling were 2 x 2, instead of by the kernel size.

expect-fail: pool_default_stride
expect-message: stride of 2 whatever the kernel
base: reference
"""


def pool2d_output_size(h, w, kernel_size, stride=None):
    return conv2d_output_size(h, w, kernel_size, 2 if stride is None else stride)
