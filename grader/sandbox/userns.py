"""Confinement without root: an unprivileged user namespace.

Most learners and many instructors do not run `learn` as root. Where the kernel
allows unprivileged user namespaces (most Linux systems do), the child still gets
private mount and network namespaces: the secret folders, the workspace and the
database folder are covered; /tmp, /dev/shm, /run and the home folder (but for
the paths Python and the project need) are empty ones of its own; every other
mount is read-only,
and there is no network. It runs as process 1 of a PID namespace of its own,
with its own /proc, so it can neither see nor signal the grader or any other
process of the user. It then enters a second, nested user namespace, which
leaves it no privilege over those mounts: it cannot unmount or remount them,
and a mount namespace it makes for itself inherits them locked.
"""

from __future__ import annotations

import os
import pwd

from grader.sandbox.isolation import (CLONE_NEWNET, CLONE_NEWNS, MS_BIND, MS_NODEV, MS_NOSUID, MS_PRIVATE,
                                      MS_RDONLY, MS_REC, _cover_keeping, _libc, _mount_tmpfs, entries_under)

CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
MS_REMOUNT = 32
MS_NOEXEC = 8
#: mount options that a remount inside a user namespace must keep (the kernel locks them)
_KEPT = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1024, "nodiratime": 2048,
         "relatime": 1 << 21}


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _map_self(uid: int, gid: int) -> None:
    """Inside a new user namespace, be the same user as outside (the one mapping allowed unprivileged)."""
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _unescape(field: str) -> str:
    """/proc/self/mountinfo writes a space as \\040 (octal escapes)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts() -> list[tuple[str, list[str]]]:
    """(mount point, per-mount options) of every mount this process sees."""
    with open("/proc/self/mountinfo") as f:
        return [(_unescape(p[4]), p[5].split(",")) for p in (line.split() for line in f)]


def _writable(keep: str) -> list[tuple[str, list[str]]]:
    """The writable mounts, but ``keep`` and the kernel's own (/proc, /sys, /dev)."""
    return [(point, options) for point, options in mounts()
            if point != keep and not point.startswith(("/proc", "/sys", "/dev")) and "ro" not in options]


def _read_only_everywhere(libc, keep: str) -> bool:
    """Remount every mount but ``keep`` (and the kernel's own) read-only; True when all are."""
    for point, options in _writable(keep):
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY | sum(_KEPT[o] for o in options if o in _KEPT)
        libc.mount(None, point.encode(), None, flags, None)
    return not _writable(keep)


def _become_pid_one() -> None:
    """Fork into the new PID namespace. This process stays behind only to wait for the
    new one and end as it ended; the caller continues in the new one, as its process 1."""
    pid = os.fork()
    if pid == 0:
        return
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


def _cover_the_users_things(libc, uid: int, reveal: list[str]) -> None:
    """The same user's other files and sockets: the home folder (but the paths Python and the
    project need), /run (session sockets such as D-Bus, which a read-only mount does not stop)
    and /dev/shm are each replaced by an empty folder of the child's own."""
    from grader import paths
    keep = [*reveal, str(paths.ROOT)]
    try:
        home = pwd.getpwuid(uid).pw_dir
    except KeyError:
        home = ""
    for folder, size, mode in ((home, "1m", 0o755), ("/run", "1m", 0o755), ("/var/run", "1m", 0o755),
                               ("/dev/shm", "64m", 0o1777)):
        if folder and folder not in ("/", "/tmp") and os.path.isdir(folder) and not os.path.islink(folder):
            _cover_keeping(libc, folder, entries_under(folder, keep), size, mode)


def enter(hide: list[str], reveal: list[str]) -> str | None:
    """Confine this process as described above; returns the scratch folder, or None where the
    kernel refuses (then nothing has changed but, at most, the namespaces entered)."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) != 0:
        return None
    try:
        _map_self(uid, gid)
    except OSError:
        return None
    _become_pid_one()
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return None
    libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)   # only our own processes
    if not _cover_keeping(libc, "/tmp", entries_under("/tmp", reveal), "64m", 0o1777):
        return None
    _cover_the_users_things(libc, uid, reveal)
    for path in hide:
        if os.path.isdir(path):
            _mount_tmpfs(libc, path, "1m", readonly=True)
    scratch = "/tmp/scratch"
    os.makedirs(scratch, mode=0o700, exist_ok=True)
    if not _read_only_everywhere(libc, keep="/tmp"):
        return None   # claim no more than was reached
    # give up every privilege over these mounts: a nested user namespace owns nothing here
    if libc.unshare(CLONE_NEWUSER) != 0:
        return None
    try:
        _map_self(uid, gid)
    except OSError:
        return None
    return scratch
