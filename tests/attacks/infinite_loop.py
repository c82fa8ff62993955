def softmax(x, dim=-1):
    while True:
        pass


def softmax_np(x, axis=-1):
    while True:
        pass
