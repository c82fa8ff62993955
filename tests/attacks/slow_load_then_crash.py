"""Load slowly, then end the process in every call: each check starts a fresh child, which
loads slowly again. Loading must count against the submission's time budget."""
import os
import time

time.sleep(2)


def softmax(x, dim=-1):
    os._exit(3)


def softmax_np(x, axis=-1):
    os._exit(3)
