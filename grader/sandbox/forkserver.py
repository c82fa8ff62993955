"""A warm parent that has imported torch and numpy and forks one child per submission.

Two ways to start it:
- ``fork``: the judge forks it right after importing torch, before running any
  torch operation (the CLI does this first thing), so nothing is imported twice.
- ``spawn``: a fresh interpreter runs this module; safe from any process state.

Either way the server sets ``torch.set_num_threads(1)`` before any torch
operation: a parent whose intra-op pool has started hands children a held lock.
It never initialises CUDA, so children may.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys


#: standard modules a learner may import, imported once before forking so that no child pays for them
PRELOAD = ("math", "random", "itertools", "functools", "collections", "typing", "dataclasses",
           "statistics", "copy", "time", "cProfile", "pstats", "operator", "fractions", "decimal",
           "numbers", "heapq", "bisect", "string", "re", "warnings", "contextlib", "abc", "enum",
           "encodings.idna", "encodings.utf_16", "encodings.latin_1", "encodings.ascii", "json",
           "csv", "pathlib", "socket", "struct", "pickle", "io")


def preload() -> None:
    """Standard modules a learner may import (cheap; done before serving)."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)


def warm_up() -> None:
    """What learner code pulls in lazily: optimizers alone import torch._dynamo (~2 s).

    Done once, when a judge that will fork many children asks for it; a child
    forked without it imports what it needs itself.
    """
    import torch
    from torch import nn

    import torch.utils.data  # noqa: F401
    import torch.nn.functional as F
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Dropout(0.1), nn.Linear(2, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(4, 3)
    opt.zero_grad()
    loss = F.cross_entropy(model(x), torch.tensor([0, 1, 0, 1])) + F.mse_loss(x, x)
    loss.backward()
    opt.step()
    with torch.no_grad():
        model.eval()(x)
    torch.autograd.grad((x.requires_grad_() ** 2).sum(), x)
    nn.Conv2d(1, 2, 3)(torch.randn(1, 1, 5, 5))


class _PidNamespaces:
    """As root, each child is forked as process 1 of a new PID namespace: it cannot see or signal
    any other process, and when it ends, everything it started ends with it. The server itself
    stays in its own namespace: after each fork it switches back (setns)."""

    def __init__(self):
        self.own = None
        if os.getuid() != 0:
            return
        from grader.sandbox.isolation import CLONE_NEWPID, _libc
        self.libc, self.flag = _libc(), CLONE_NEWPID
        try:
            own = os.open("/proc/self/ns/pid", os.O_RDONLY)
        except OSError:
            return
        if self.libc.unshare(self.flag) == 0 and self.libc.setns(own, self.flag) == 0:
            self.own = own        # both work here: use them
        else:
            os.close(own)

    def fork(self, wanted: bool) -> int:
        if not (wanted and self.own is not None and self.libc.unshare(self.flag) == 0):
            return os.fork()
        pid = -1
        try:
            pid = os.fork()
            return pid
        finally:
            if pid != 0 and self.libc.setns(self.own, self.flag) != 0:
                os._exit(3)   # never fork another child into that namespace; the judge starts a new server


def serve(ctrl: socket.socket) -> None:
    """Answer fork requests on ``ctrl`` (SOCK_SEQPACKET) until it closes; never returns."""
    import torch

    torch.set_num_threads(1)
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the judge's to handle
    from grader.sandbox import child, view  # noqa: F401 - warm import before forking

    view.base_plan()       # what every child's file system holds, found once
    pidns = _PidNamespaces()
    warmed = False
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(ctrl, 1 << 16, 1)
        except (OSError, EOFError):
            break
        if not data or len(fds) != 1:
            break
        request = json.loads(data)
        if request.get("warm") and not warmed:
            warm_up()
            warmed = True
        pid = pidns.fork(wanted=not request.get("userns"))
        if pid == 0:
            ctrl.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            child.main(socket.socket(fileno=fds[0]), request)
            os._exit(0)
        os.close(fds[0])
        ctrl.send(struct.pack(">i", pid))
    os._exit(0)


def fork_server() -> tuple[socket.socket, int]:
    """Fork the server from this process; call before any torch operation."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        ours.close()
        try:
            serve(theirs)
        finally:
            os._exit(0)
    theirs.close()
    return ours, pid


def spawn_server() -> tuple[socket.socket, int]:
    """Start the server in a fresh interpreter."""
    import subprocess

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "grader.sandbox.forkserver", str(theirs.fileno())],
                            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
    theirs.close()
    return ours, proc.pid


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
