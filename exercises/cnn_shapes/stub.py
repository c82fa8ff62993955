"""CNN arithmetic: output sizes and parameter counts. Read the prompt with `learn show cnn_shapes`."""

from typing import Union

Size = Union[int, tuple[int, int]]


def conv2d_output_size(h: int, w: int, kernel_size: Size, stride: Size = 1, padding: Size = 0,
                       dilation: Size = 1) -> tuple[int, int]:
    """Per axis: floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1."""
    raise NotImplementedError("conv2d_output_size: the output-size formula, once per axis")


def pool2d_output_size(h: int, w: int, kernel_size: Size, stride: Size | None = None) -> tuple[int, int]:
    """Per axis: floor((size - kernel_size) / stride) + 1, with stride = kernel_size by default."""
    raise NotImplementedError("pool2d_output_size: the same formula, stride defaulting to kernel_size")


def conv2d_param_count(in_channels: int, out_channels: int, kernel_size: Size, bias: bool = True) -> int:
    """out_channels * in_channels * k_h * k_w weights, plus out_channels biases if bias."""
    raise NotImplementedError("conv2d_param_count: weights per filter times filters, plus the biases")


def lenet5_shapes() -> list[tuple]:
    """[(6, 28, 28), ...]: the shape after each of LeNet-5's 7 layers on a 1x32x32 input."""
    raise NotImplementedError("lenet5_shapes: follow a 1x32x32 image through C1, S2, C3, S4, C5, F6, output")


def bottleneck_param_count(channels: int, reduced: int) -> int:
    """channels*reduced (1x1) + reduced*reduced*9 (3x3) + reduced*channels (1x1), no biases."""
    raise NotImplementedError("bottleneck_param_count: add up the three convolutions' weights")
