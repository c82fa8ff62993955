"""What a child does to itself before it loads learner code.

As root (the usual case in CI and containers) the child is the first process of
a PID namespace of its own (the fork server puts it there), enters new mount,
network and IPC namespaces, moves into a file system built from an allowlist
(view.py) and becomes a user id of its own, one no other process uses. Without
root it does much the same inside an unprivileged user namespace (userns.py).
Failing both, it keeps to what an unprivileged process can do: resource limits,
a cleared environment and a scratch folder. SECURITY.md says what each level
guarantees.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import tempfile

from grader.limits import CHILD_LIMITS
from grader.sandbox import view

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38
#: each child on the root path runs as UID_BASE + its process id: a user id of its own, from a
#: range no account uses (below 2**31, above the ranges containers and systemd hand out), so no
#: two children share one and none can signal, trace or limit another
UID_BASE = 0x7F000000

#: the limits of grader/limits.py, under the name this module has always used
DEFAULT_LIMITS = CHILD_LIMITS


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def child_uid(pid: int) -> int:
    return UID_BASE + pid


def become_pid_one() -> None:
    """After unsharing a PID namespace: fork into it. This process stays behind only to wait
    for the new one and end as it ended (by the same signal, if it was killed); the caller
    continues in the new one, as its process 1."""
    pid = os.fork()
    if pid == 0:
        return
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
        except (OSError, ValueError):
            pass
        os._exit(128 + sig)
    os._exit(os.waitstatus_to_exitcode(status))


def _namespaces(hide: list[str], reveal: list[str]) -> tuple[str, int] | None:
    """Root: private namespaces and the allowlisted view; (scratch folder, pid), or None."""
    libc = _libc()
    own_pidns = os.getpid() == 1        # the fork server started this child in a new PID namespace
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | (0 if own_pidns else CLONE_NEWPID)
    if libc.unshare(flags) != 0:
        return None
    if not own_pidns:
        become_pid_one()
    pid = view.global_pid()
    try:
        return view.build(view.plan(hide, reveal)), pid
    except OSError:
        return None


def _drop_privileges(uid: int, nproc: int) -> None:
    # as its own user the child needs no more processes than the limit; set before dropping
    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def no_new_privileges() -> bool:
    """PR_SET_NO_NEW_PRIVS: nothing the child executes can gain privileges (set-user-id programs)."""
    return _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0


def _rlimits(limits: dict, cap_memory: bool, mapped: int) -> None:
    def setl(res, value):
        try:
            resource.setrlimit(res, (value, value))
        except (ValueError, OSError):
            pass

    setl(resource.RLIMIT_CPU, int(limits["cpu_s"]))
    setl(resource.RLIMIT_FSIZE, int(limits["file_mb"]) << 20)
    setl(resource.RLIMIT_CORE, 0)
    setl(resource.RLIMIT_NOFILE, int(limits["nofile"]))
    if os.getuid() != 0:
        setl(resource.RLIMIT_NPROC, int(limits["nproc"]))
    if cap_memory:
        setl(resource.RLIMIT_AS, mapped + (int(limits["memory_mb"]) << 20))


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 1 << 32


def confine(hide: list[str], limits: dict | None = None, cap_memory: bool = True,
            reveal: list[str] | None = None, userns: bool = False) -> tuple[str, int]:
    """Confine this process; returns (the isolation reached, the id by which the grader can end
    it and everything it started).

    ``hide``: folders shown empty wherever they appear in the view (the view holds none of the
    project anyway). ``reveal``: folders the child must also see, read-only. As root: see above.
    Otherwise (or with ``userns``): an unprivileged user namespace, where the kernel allows one.
    Failing both: resource limits only.
    """
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    os.setsid()
    mapped = _mapped_bytes()
    level = "rlimits"
    reached = None
    reveal = list(reveal or [])
    if os.getuid() == 0 and not userns:
        reached = _namespaces(hide, reveal)
        if reached is not None:
            level = "namespaces"
    if reached is None:
        from grader.sandbox import userns as unprivileged
        reached = unprivileged.enter(hide, reveal)
        if reached is not None:
            level = "userns"
    if reached is None:
        try:
            reached = tempfile.mkdtemp(prefix="learn-scratch-"), os.getpid()
        except OSError:   # a namespace entered half-way may have left the file system read-only
            reached = "/tmp", os.getpid()
    scratch, pid = reached
    os.chdir(scratch)
    os.environ.clear()
    os.environ.update({"PATH": "/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch,
                       "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"})
    if level == "namespaces":
        _drop_privileges(child_uid(pid), int(limits["nproc"]))
        level = "namespaces+uid"
    no_new_privileges()
    _rlimits(limits, cap_memory, mapped)
    return level, pid
