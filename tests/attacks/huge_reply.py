import numpy as np
import torch


def softmax(x, dim=-1):
    return [x] * 100000


def softmax_np(x, axis=-1):
    return np.zeros((20000, 20000), dtype=np.float64)   # 3.2 GB
