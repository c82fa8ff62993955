"""The child's file system, built from an allowlist.

A confined child does not see the machine with a few secret folders covered; it
sees a new, empty root holding only what it needs, each piece bound read-only:

- the operating system's programs and libraries (``/usr``, ``/bin``, ``/lib*``)
  and a few files of ``/etc`` the C library and Python read;
- the Python installation: the standard library and the site folders on
  ``sys.path`` (with any ``grader/hidden`` or ``solutions`` inside them covered);
- whatever the judge was asked to ``reveal``;
- ``/sys`` (read-only, for CUDA), a ``/dev`` of its own holding only ``null``,
  ``zero``, ``full``, ``random``, ``urandom`` (and the GPU's nodes where there
  are some), a ``/proc`` of its own PID namespace;
- an empty, writable ``/tmp`` (with ``/tmp/scratch``, its working folder) and
  ``/dev/shm``, both private tmpfs that vanish with it.

Nothing else exists in it: not the project (the child needs none of it: its
code is already loaded when it forks), not the learner's workspace, not the
database, not ``/home``, ``/root``, ``/srv``, ``/opt``, ``/var`` or ``/run``, and
not any other copy of the reference solutions or the hidden checks, wherever it
lies. The old root is detached after ``pivot_root``, so it cannot be reached
again. ``/proc/self/mountinfo`` lists only these mounts.

Used by both confinement paths (isolation.py as root, userns.py without root),
inside a fresh mount namespace, by a process in the child's own PID namespace.
"""

from __future__ import annotations

import ctypes
import functools
import os
import platform
import site
import sys
import sysconfig
from dataclasses import dataclass, field

from grader.limits import CHILD_SHM_SIZE, CHILD_TMP_SIZE

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY = 1
_SYSCALLS = {"x86_64": {"pivot_root": 155, "mount_setattr": 442},
             "aarch64": {"pivot_root": 41, "mount_setattr": 442},
             "riscv64": {"pivot_root": 41, "mount_setattr": 442}}

#: the operating system: programs and libraries
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: what the C library, Python and CUDA read from /etc; nothing else of /etc is seen
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group",
       "nsswitch.conf", "host.conf", "hosts", "os-release", "mime.types", "nvidia", "OpenCL", "vulkan")
#: device nodes a program may need; the GPU's are added where they exist
DEVICES = ("null", "zero", "full", "random", "urandom")
GPU_DEVICES = ("nvidia", "dri", "kfd")
#: names that are never shown inside a folder of the Python installation: an installed
#: (non-editable) copy of the course keeps its hidden checks under grader/hidden
SECRET_NAMES = ("grader/hidden", "solutions")
TMP_SIZE = CHILD_TMP_SIZE
SHM_SIZE = CHILD_SHM_SIZE


@dataclass
class Plan:
    """What to put where: every path is absolute; ``binds`` are real paths (no symlinks)."""

    binds: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)     # symlink in the view -> its text
    covers: list[str] = field(default_factory=list)         # real folders shown empty
    devices: list[str] = field(default_factory=list)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _walk(path: str, plan: Plan, hops: int = 0) -> str | None:
    """Resolve ``path`` as the kernel would, noting each symlink on the way; the real path, or None."""
    parts = [p for p in path.split("/") if p]
    current = "/"
    while parts:
        name = parts.pop(0)
        if name == ".":
            continue
        if name == "..":
            current = os.path.dirname(current)
            continue
        step = os.path.join(current, name)
        if os.path.islink(step):
            hops += 1
            if hops > 40:
                return None
            target = os.readlink(step)
            plan.links[step] = target
            if target.startswith("/"):
                current = "/"
            parts = [p for p in target.split("/") if p] + parts
            continue
        if not os.path.lexists(step):
            return None
        current = step
    return current


@functools.lru_cache(maxsize=1)
def python_paths() -> tuple[str, ...]:
    """The folders of the Python installation the child imports from (computed once, in the server)."""
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                               sys.base_exec_prefix)}
    found = []
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        found.append(sysconfig.get_paths().get(name, ""))
    try:
        found += site.getsitepackages()
    except AttributeError:      # an old virtualenv's site module
        pass
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else ""
    for p in sys.path:
        if p and os.path.isabs(p) and (any(_inside(os.path.realpath(p), x) for x in prefixes)
                                       or (user_site and _inside(p, user_site))):
            found.append(p)
    if user_site and user_site in sys.path:
        found.append(user_site)
    found += [sys.executable, os.path.join(sys.prefix, "pyvenv.cfg")]
    return tuple(dict.fromkeys(p for p in found if p and os.path.isabs(p) and os.path.exists(p)))


def _add(paths: list[str], out: Plan) -> None:
    """Resolve ``paths`` into ``out``: their real folders bound (the outermost of nested ones),
    the symlinks on the way recreated."""
    real = []
    for p in paths:
        if p and os.path.isabs(p) and os.path.lexists(p):
            r = _walk(os.path.normpath(p), out)
            if r is not None and r not in ("/", "/tmp") and not _inside(r, "/proc") and not _inside(r, "/dev"):
                real.append(r)
    binds = list(out.binds)
    for r in sorted(set(real), key=lambda p: (p.count("/"), p)):
        if not any(_inside(r, b) for b in binds):
            binds = [b for b in binds if not _inside(b, r)] + [r]
    out.binds = sorted(binds)
    # links that sit inside a bound folder exist there already
    out.links = {k: v for k, v in out.links.items() if not any(_inside(k, b) for b in out.binds)
                 and not _inside(k, "/tmp") and not _inside(k, "/dev") and not _inside(k, "/proc")}


def _covers(folders: list[str], binds: list[str]) -> list[str]:
    """The real ``folders`` that lie strictly inside a bound folder (the others are not in view)."""
    out = set()
    for c in folders:
        if c and os.path.isabs(c):
            c = os.path.realpath(c)
            if any(_inside(c, b) and c != b for b in binds) and os.path.isdir(c):
                out.add(c)
    return sorted(out)


@functools.lru_cache(maxsize=1)
def base_plan() -> Plan:
    """The part of every child's view that does not change: the system, /etc, /sys, Python, the
    devices (found once, in the fork server, so a child only adds what its judge asks for)."""
    out = Plan()
    _add([*SYSTEM, *(f"/etc/{n}" for n in ETC), "/sys", *python_paths()], out)
    out.covers = _covers([os.path.join(b, n) for b in out.binds if os.path.isdir(b) for n in SECRET_NAMES],
                         out.binds)
    out.devices = [n for n in DEVICES if os.path.exists(f"/dev/{n}")]
    try:
        out.devices += sorted(n for n in os.listdir("/dev") if n.startswith(GPU_DEVICES))
    except OSError:
        pass
    return out


def plan(hide: list[str], reveal: list[str]) -> Plan:
    """The view for a child: the allowlist above, ``reveal`` added, ``hide`` covered wherever it shows."""
    base = base_plan()
    out = Plan(list(base.binds), dict(base.links), list(base.covers), list(base.devices))
    if reveal:
        _add(list(reveal), out)
        out.covers = _covers([*out.covers, *(os.path.join(b, n) for b in out.binds if b not in base.binds
                                             and os.path.isdir(b) for n in SECRET_NAMES)], out.binds)
    out.covers = sorted({*out.covers, *_covers(hide, out.binds)})
    return out


def global_pid() -> int:
    """This process's id as the grader sees it (read before the child's own /proc hides it)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("NSpid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return os.getpid()


class ViewError(OSError):
    """A step of building the view failed; the child must not claim this confinement."""


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(ok: bool, what: str) -> None:
    if not ok:
        err = ctypes.get_errno()
        raise ViewError(err, f"{what}: {os.strerror(err)}")


def _mount(libc, source, target: str, fstype, flags: int, data=None) -> bool:
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    return libc.mount(enc(source), target.encode(), enc(fstype), flags, enc(data)) == 0


def _tmpfs(libc, target: str, size: str, mode: int, readonly: bool = False) -> bool:
    return _mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | (MS_RDONLY if readonly else 0),
                  f"size={size},mode={mode:o}")


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _read_only_tree(libc, target: str) -> bool:
    """Make the mount at ``target`` and every mount below it read-only."""
    numbers = _SYSCALLS.get(platform.machine())
    if numbers:
        attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
        if libc.syscall(numbers["mount_setattr"], AT_FDCWD, target.encode(), AT_RECURSIVE,
                        ctypes.byref(attr), ctypes.sizeof(attr)) == 0:
            return True
    # older kernels: one remount per mount, keeping the flags a user namespace locks
    kept = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1024,
            "nodiratime": 2048, "relatime": 1 << 21}
    ok = True
    for point, options in mounts():
        if _inside(point, target) and "ro" not in options:
            flags = MS_REMOUNT | MS_BIND | MS_RDONLY | sum(kept[o] for o in options if o in kept)
            ok &= _mount(libc, None, point, None, flags)
    return ok


def _unescape(field_: str) -> str:
    """/proc/self/mountinfo writes a space as \\040 (octal escapes)."""
    if "\\" not in field_:
        return field_
    out, i = [], 0
    while i < len(field_):
        if field_[i] == "\\" and field_[i + 1:i + 4].isdigit():
            out.append(chr(int(field_[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field_[i])
            i += 1
    return "".join(out)


def mounts() -> list[tuple[str, list[str]]]:
    """(mount point, per-mount options) of every mount this process sees."""
    with open("/proc/self/mountinfo") as f:
        return [(_unescape(p[4]), p[5].split(",")) for p in (line.split() for line in f)]


WRITABLE = ("/tmp", "/dev/shm")


def writable_mounts() -> list[str]:
    """Mounts the child could write to, besides its own /tmp and /dev/shm and its /proc."""
    return [p for p, options in mounts() if "ro" not in options and p not in WRITABLE
            and not _inside(p, "/proc")]


def build(the_plan: Plan) -> str:
    """Build the view in a new root and move into it; returns the scratch folder.

    The caller is in a new mount namespace with the right to mount (root there),
    and in the child's own PID namespace (so /proc shows only its processes).
    Raises ViewError (or OSError) when a step fails.
    """
    libc = _libc()
    _check(_mount(libc, None, "/", None, MS_REC | MS_PRIVATE), "making mounts private")
    # open every source first: the staging root is mounted over /tmp, which may hold some
    sources = {}
    try:
        for b in the_plan.binds:
            try:
                sources[b] = os.open(b, os.O_PATH | os.O_NOFOLLOW | (os.O_DIRECTORY if os.path.isdir(b) else 0))
            except OSError:
                pass
        for name in the_plan.devices:
            try:
                sources["/dev/" + name] = os.open("/dev/" + name, os.O_PATH | os.O_NOFOLLOW)
            except OSError:
                pass
        new = "/tmp"
        _check(_tmpfs(libc, new, "4m", 0o755), "mounting the new root")
        actions = [(p, "bind") for p in sources if not p.startswith("/dev/")]
        actions += [("/tmp", "tmp"), ("/dev", "dev"), ("/proc", "proc")]
        for path, kind in sorted(actions, key=lambda a: a[0].split("/")):
            target = new + path
            if kind == "bind":
                isdir = os.path.isdir(f"/proc/self/fd/{sources[path]}")
                os.makedirs(target if isdir else os.path.dirname(target), mode=0o755, exist_ok=True)
                if not isdir and not os.path.exists(target):
                    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
                _check(_mount(libc, f"/proc/self/fd/{sources[path]}", target, None, MS_BIND | MS_REC),
                       f"binding {path}")
                _check(_read_only_tree(libc, target), f"making {path} read-only")
            elif kind == "tmp":
                os.makedirs(target, mode=0o755, exist_ok=True)
                _check(_tmpfs(libc, target, TMP_SIZE, 0o1777), "mounting /tmp")
                os.mkdir(target + "/scratch", 0o777)
                os.chmod(target + "/scratch", 0o777)
            elif kind == "dev":
                os.makedirs(target, mode=0o755, exist_ok=True)
                _check(_tmpfs(libc, target, "1m", 0o755), "mounting /dev")
                _devices(libc, target, sources)
            elif kind == "proc":
                os.makedirs(target, mode=0o555, exist_ok=True)
                # without a /proc of its own the child gets none (never the grader's)
                _mount(libc, "proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        for link, text in sorted(the_plan.links.items()):
            os.makedirs(os.path.dirname(new + link), mode=0o755, exist_ok=True)
            if not os.path.lexists(new + link):
                os.symlink(text, new + link)
        for c in the_plan.covers:
            _check(_tmpfs(libc, new + c, "4k", 0o755, readonly=True), f"covering {c}")
    finally:
        for fd in sources.values():
            os.close(fd)
    os.chdir(new)
    os.mkdir(".old")
    numbers = _SYSCALLS.get(platform.machine())
    _check(numbers is not None and libc.syscall(numbers["pivot_root"], b".", b".old") == 0, "pivot_root")
    os.chdir("/")
    _check(libc.umount2(b"/.old", MNT_DETACH) == 0, "detaching the old root")
    os.rmdir("/.old")
    _check(_mount(libc, None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV),
           "making the new root read-only")
    bad = writable_mounts() if os.path.exists("/proc/self/mountinfo") else []
    if bad:
        raise ViewError(0, f"still writable: {', '.join(bad)}")
    return "/tmp/scratch"


def _devices(libc, dev: str, sources: dict) -> None:
    for path, fd in sources.items():
        if not path.startswith("/dev/"):
            continue
        target = dev + path[len("/dev"):]
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(target, mode=0o755, exist_ok=True)
        else:
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o666))
        # read-only: the device can still be read and written, but not chmod-ed or replaced
        if _mount(libc, f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC):
            _read_only_tree(libc, target)
    for name, text in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                       ("stderr", "/proc/self/fd/2")):
        os.symlink(text, f"{dev}/{name}")
    os.mkdir(dev + "/shm", 0o1777)
    _check(_tmpfs(libc, dev + "/shm", SHM_SIZE, 0o1777), "mounting /dev/shm")
    _mount(libc, None, dev, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
