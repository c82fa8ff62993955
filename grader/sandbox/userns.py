"""Confinement without root: an unprivileged user namespace.

Most learners and many instructors do not run `learn` as root. Where the kernel
allows unprivileged user namespaces (most Linux systems do), the child still gets
private mount, network, IPC and PID namespaces. It runs as process 1 of its PID
namespace, with its own /proc, so it can neither see nor signal the grader or
any other process of the user, and everything it starts ends with it. It moves
into the same allowlisted file system as a child of root does (view.py): the
operating system and the Python installation, read-only; a private /tmp and
/dev/shm; nothing of the user's home, /run, the project, the workspace or any
copy of the solutions. It then enters a second, nested user namespace, which
leaves it no privilege over those mounts: it cannot unmount or remount them,
and a mount namespace it makes for itself inherits them locked.

It keeps the user's own user id (the one mapping an unprivileged namespace may
make), so what protects the user's files is that they are not in its view or
are read-only there, not file permissions.
"""

from __future__ import annotations

import os

from grader.sandbox import view
from grader.sandbox.isolation import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER,
                                      _libc, become_pid_one)


def _write(path: str, text: str, proc: int | None) -> None:
    fd = os.open(path, os.O_WRONLY, dir_fd=proc)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _map_self(uid: int, gid: int, proc: int | None = None) -> None:
    """Inside a new user namespace, be the same user as outside (the one mapping allowed unprivileged).
    ``proc``: a descriptor of a /proc to use (the view may hold none of its own)."""
    where = "self/" if proc is not None else "/proc/self/"
    _write(where + "setgroups", "deny", proc)
    _write(where + "uid_map", f"{uid} {uid} 1", proc)
    _write(where + "gid_map", f"{gid} {gid} 1", proc)


def mounts() -> list[tuple[str, list[str]]]:
    """(mount point, per-mount options) of every mount this process sees."""
    return view.mounts()


def enter(hide: list[str], reveal: list[str]) -> tuple[str, int] | None:
    """Confine this process as described above; returns (scratch folder, the pid by which the grader
    can end it), or None where the kernel refuses (then nothing has changed but, at most, the
    namespaces entered)."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC) != 0:
        return None
    try:
        _map_self(uid, gid)
    except OSError:
        return None
    become_pid_one()
    pid = view.global_pid()
    proc = os.open("/proc", os.O_PATH | os.O_DIRECTORY)   # closed below, before any learner code runs
    try:
        try:
            scratch = view.build(view.plan(hide, reveal))
        except OSError:
            return None   # claim no more than was reached
        # give up every privilege over these mounts: a nested user namespace owns nothing here
        if libc.unshare(CLONE_NEWUSER) != 0:
            return None
        try:
            _map_self(uid, gid, proc)
        except OSError:
            return None
    finally:
        os.close(proc)
    return scratch, pid
