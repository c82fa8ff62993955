"""Announce a 480 MB payload in a forged frame header: the judge must refuse it before
allocating anything."""
import json
import os
import stat
import struct
import time


def _forge():
    header = json.dumps({"v": {"a": [0]}, "bufs": [{"n": 480 << 20, "dtype": "uint8",
                                                      "shape": [480 << 20]}]}).encode()
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack(">I", len(header)) + header + b"\0" * (1 << 20))
        except OSError:
            pass
    time.sleep(30)


def softmax(x, dim=-1):
    _forge()


def softmax_np(x, axis=-1):
    _forge()
