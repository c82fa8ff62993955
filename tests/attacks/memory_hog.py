import torch


def softmax(x, dim=-1):
    hog = torch.empty(64 * 1024 ** 3 // 4)   # 64 GiB
    hog.fill_(1.0)
    return hog


def softmax_np(x, axis=-1):
    return bytearray(64 * 1024 ** 3)
