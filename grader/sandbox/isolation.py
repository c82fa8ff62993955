"""What a child does to itself before it loads learner code.

As root (the usual case in CI and containers) the child enters new mount and
network namespaces, covers secret folders and /tmp with empty tmpfs mounts,
and drops to the ``nobody`` user. Elsewhere it keeps to what an unprivileged
process can do: resource limits, a cleared environment and a scratch folder.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import tempfile

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REC = 16384
MS_PRIVATE = 1 << 18
NOBODY = 65534

DEFAULT_LIMITS = {
    "cpu_s": 120,          # CPU seconds for the whole child
    "memory_mb": 3072,     # address space on top of what the warm parent already maps
    "file_mb": 16,         # largest file it may write
    "nproc": 64,           # processes (as nobody), against fork bombs
    "nofile": 64,
}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount_tmpfs(libc, target: str, size: str, readonly: bool) -> bool:
    flags = MS_NOSUID | MS_NODEV | (MS_RDONLY if readonly else 0)
    opts = f"size={size},mode=1777".encode()
    return libc.mount(b"tmpfs", target.encode(), b"tmpfs", flags, opts) == 0


MS_BIND = 4096


def blocked_ancestors(paths: list[str]) -> dict[str, set[str]]:
    """Folders that `nobody` cannot pass through on the way to ``paths`` (no o+x),
    each with the names below it that lead on to one of the paths."""
    blocked: dict[str, set[str]] = {}
    for p in paths:
        if not p or not os.path.isabs(p) or not os.path.exists(p):
            continue
        parts = os.path.realpath(p).split(os.sep)[1:]
        current = "/"
        for name in parts:
            if not os.stat(current).st_mode & 0o001:
                blocked.setdefault(current, set()).add(name)
                break
            current = os.path.join(current, name)
    return blocked


def _cover_keeping(libc, folder: str, keep: set[str], size: str, mode: int) -> bool:
    """Cover ``folder`` with an empty tmpfs, then bind-mount back only the entries ``keep``
    from the folder underneath."""
    fd = os.open(folder, os.O_PATH | os.O_DIRECTORY)
    try:
        if not _mount_tmpfs(libc, folder, size, readonly=False):
            return False
        os.chmod(folder, mode)
        for name in keep:
            src, dst = f"/proc/self/fd/{fd}/{name}", os.path.join(folder, name)
            if os.path.isdir(src):
                os.mkdir(dst)
            else:
                open(dst, "w").close()
            libc.mount(src.encode(), dst.encode(), None, MS_BIND | MS_REC, None)
        return True
    finally:
        os.close(fd)


def _reveal(libc, paths: list[str]) -> None:
    """Make ``paths`` reachable for `nobody` without opening anything else.

    A folder nobody may not enter (e.g. /root holding the Python installation) is
    covered by an empty tmpfs that may be entered, and only the entries leading
    to ``paths`` are bind-mounted back from the original folder.
    """
    for folder, names in sorted(blocked_ancestors(paths).items()):
        if _cover_keeping(libc, folder, names, "1m", 0o755):
            libc.mount(None, folder.encode(), None, 32 | MS_RDONLY | MS_NOSUID | MS_NODEV, None)  # MS_REMOUNT


def entries_under(folder: str, paths: list[str]) -> set[str]:
    """The names directly inside ``folder`` that lead to one of ``paths``."""
    folder = os.path.realpath(folder)
    names = set()
    for p in paths:
        if p and os.path.isabs(p) and os.path.exists(p):
            rel = os.path.relpath(os.path.realpath(p), folder)
            if rel != "." and not rel.startswith(".."):
                names.add(rel.split(os.sep)[0])
    return names


def _namespaces(hide: list[str], reveal: list[str]) -> str | None:
    """Enter private namespaces and cover ``hide``; returns the scratch folder, or None."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
        return None
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return None
    _reveal(libc, reveal)
    # an empty /tmp of its own; Python or the project may live under /tmp: those entries stay
    if not _cover_keeping(libc, "/tmp", entries_under("/tmp", reveal), "64m", 0o1777):
        return None
    for path in hide:
        if os.path.isdir(path):
            _mount_tmpfs(libc, path, "1m", readonly=True)
    scratch = "/tmp/scratch"
    os.makedirs(scratch, mode=0o777, exist_ok=True)
    os.chmod(scratch, 0o777)
    return scratch


def _drop_privileges() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def _rlimits(limits: dict, cap_memory: bool) -> None:
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
        setl(resource.RLIMIT_AS, _mapped_bytes() + (int(limits["memory_mb"]) << 20))


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def confine(hide: list[str], limits: dict | None = None, cap_memory: bool = True,
            reveal: list[str] | None = None, userns: bool = False) -> str:
    """Confine this process; returns a description of the isolation reached.

    ``reveal``: folders the child must still read as `nobody` (default: sys.path).
    As root: namespaces, then the user `nobody`. Otherwise (or with ``userns``): an
    unprivileged user namespace (see userns.py) where the kernel allows one.
    Failing both: resource limits only.
    """
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    os.setsid()
    level = "rlimits"
    scratch = None
    reveal = list(reveal if reveal is not None else sys.path)
    if os.getuid() == 0 and not userns:
        scratch = _namespaces(hide, reveal)
        if scratch is not None:
            level = "namespaces"
    if scratch is None:
        from grader.sandbox import userns as unprivileged
        scratch = unprivileged.enter(hide, reveal)
        if scratch is not None:
            level = "userns"
    if scratch is None:
        try:
            scratch = tempfile.mkdtemp(prefix="learn-scratch-")
        except OSError:   # a namespace entered half-way may have left the file system read-only
            scratch = "/tmp"
    os.chdir(scratch)
    home = os.environ.get("HOME")
    os.environ.clear()
    os.environ.update({"PATH": "/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch,
                       "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"})
    del home
    if level == "namespaces":
        # as nobody the child needs no more processes than the limit; set before dropping
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))
        _drop_privileges()
        level = "namespaces+nobody"
    _rlimits(limits, cap_memory)
    return level
