"""The judge's side of the sandbox: start children, call into them, read replies strictly.

Every verdict is made by the judge from data it decoded itself; a child that
hangs, dies, writes garbage or sends too much yields a ``Reply`` whose status
says so, never an exception that stops grading.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader import codec
from grader.limits import MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_OUTPUT_CHARS, cut
from grader.sandbox import forkserver

#: statuses a reply can have
OK, RAISED, NOT_IMPLEMENTED, MISSING, UNSENDABLE = "ok", "raised", "not_implemented", "missing", "unsendable"
TIMEOUT, CRASHED, MALFORMED, LOAD_ERROR = "timeout", "crashed", "malformed", "load_error"
#: no answer because something outside the learner's code stopped (SIGSTOP) or ended the child
INTERRUPTED = "interrupted"

_SERVER: tuple[socket.socket, int] | None = None
_SERVER_LOCK = threading.Lock()


def prefork() -> None:
    """Fork the warm server now. Call right after importing torch, before any torch operation.

    One server serves every Judge in this process; later calls do nothing.
    """
    global _SERVER
    if _SERVER is None:
        _SERVER = forkserver.fork_server()


def _server() -> tuple[socket.socket, int]:
    """The process's fork server: the preforked one, else a freshly spawned interpreter."""
    global _SERVER
    if _SERVER is None:
        _SERVER = forkserver.spawn_server()
    return _SERVER


@dataclass
class Reply:
    """What the judge learned from one call (or from loading the submission)."""

    status: str
    value: Any = None
    type: str = ""
    message: str = ""
    where: dict | None = None
    output: str = ""
    calls: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    args_after: list | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == OK

    @classmethod
    def from_frame(cls, frame: Any) -> "Reply":
        """Validate a decoded frame field by field; anything unexpected is MALFORMED."""
        if type(frame) is not dict or frame.get("status") not in (
                OK, RAISED, NOT_IMPLEMENTED, MISSING, UNSENDABLE, LOAD_ERROR):
            return cls(MALFORMED, message="the reply was not a valid message")
        calls = frame.get("calls", {})
        events = frame.get("events", [])
        where = frame.get("where")
        if type(calls) is not dict or any(type(k) is not str or type(v) is not int for k, v in calls.items()) \
                or type(events) is not list or any(type(e) is not str for e in events) \
                or (where is not None and type(where) is not dict):
            return cls(MALFORMED, message="the reply's trace was malformed")
        text = {k: frame.get(k, "") for k in ("type", "message", "output")}
        if any(type(v) is not str for v in text.values()):
            return cls(MALFORMED, message="the reply's text fields were malformed")
        # the child cuts these too, but it is not trusted: a replaced error function could send megabytes
        # (strings were already made safe to print and store by the codec)
        text = {"type": cut(text["type"], MAX_NAME_CHARS, "…"),
                "message": cut(text["message"], MAX_MESSAGE_CHARS, "…(message truncated)"),
                "output": cut(text["output"], MAX_OUTPUT_CHARS, "\n…(output truncated)")}
        if where is not None:
            line = where.get("line")
            where = {"line": line if type(line) is int and 0 < line < 1 << 31 else None,
                     **{k: cut(where[k], MAX_NAME_CHARS, "…") if type(where.get(k)) is str else ""
                        for k in ("code", "function")}}
        args_after = frame.get("args_after")
        if args_after is not None and type(args_after) is not list:
            return cls(MALFORMED, message="the reply's arguments were malformed")
        seconds = frame.get("seconds", 0.0)
        seconds = float(seconds) if type(seconds) is float or (type(seconds) is int and abs(seconds) < 1 << 53) \
            else 0.0
        return cls(frame["status"], value=frame.get("value"), where=where, calls=calls, events=events,
                   args_after=args_after, seconds=seconds, **text)


#: how strongly a child was confined (see isolation.confine and SECURITY.md), weakest last
SANDBOX_LEVELS = ("namespaces+uid", "namespaces", "userns", "rlimits")
#: the levels where the child is process 1 of its own PID namespace: it cannot stop itself
#: (the kernel ignores SIGSTOP sent to such a process from inside), and ending it ends all it started
PID_NAMESPACE_LEVELS = ("namespaces+uid", "namespaces", "userns")


def _open_pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):   # Python < 3.9, kernel < 5.3, or already gone
        return None


def _state(pid: int) -> str | None:
    """The process's state letter from /proc (R, S, D, T, t, Z, …), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0].decode()
    except (OSError, IndexError, UnicodeDecodeError):
        return None


class Worker:
    """One live child holding one loaded submission.

    ``pid`` is the process the fork server made; ``init`` (reported by the child before any
    learner code ran) is the first process of its PID namespace, whose end ends every process
    the learner's code started, daemons included. Both are killed when the worker ends.
    """

    def __init__(self, sock: socket.socket, pid: int, hello: Reply, sandbox: str = "unknown",
                 init: int | None = None):
        self.sock, self.pid, self.hello, self.sandbox = sock, pid, hello, sandbox
        self.init = init
        self.pidfd = _open_pidfd(init) if init else None
        self.dead = hello.status != OK

    def interrupted(self) -> str | None:
        """Why the child cannot answer when that is not its code's doing: stopped or ended from outside."""
        if self.sandbox not in PID_NAMESPACE_LEVELS or not self.init:
            return None
        state = _state(self.init)
        if state == "T":
            return "the process running your code was stopped from outside (SIGSTOP), not by your code"
        if state is None or state in ("Z", "X"):
            return "the process running your code was ended from outside, not by your code"
        return None

    def call(self, fn: str, args: tuple = (), kwargs: dict | None = None, *,
             timeout: float = 5.0, return_args: bool = False, keep: bool = False,
             target: int | None = None) -> Reply:
        """Call ``fn`` (a method of kept object ``target`` if given). ``keep`` leaves the
        result in the child and returns ``{"handle", "type", "module"}`` instead."""
        if self.dead:
            return Reply(CRASHED, message="the child is no longer running")
        msg = {"op": "call", "fn": fn, "args": tuple(args), "kwargs": dict(kwargs or {}),
               "return_args": return_args, "keep": keep, "target": target}
        start = time.perf_counter()
        try:
            self.sock.settimeout(timeout)
            codec.write_frame(self.sock, msg)
            frame = _read_with_deadline(self.sock, start + timeout)
        except TimeoutError:
            outside = self.interrupted()
            self.kill()
            if outside:
                return Reply(INTERRUPTED, message=f"no answer within {timeout:g} s: {outside}", seconds=timeout)
            return Reply(TIMEOUT, message=f"no answer within {timeout:g} s", seconds=timeout)
        except (EOFError, ConnectionError, BrokenPipeError, OSError):
            self.kill()
            return Reply(CRASHED, message="the child process ended during the call",
                         seconds=time.perf_counter() - start)
        except codec.CodecError as e:
            self.kill()
            return Reply(MALFORMED, message=str(e), seconds=time.perf_counter() - start)
        except Exception as e:  # noqa: BLE001 - whatever a reply does to the reader, it is the reply's fault
            self.kill()
            return Reply(MALFORMED, message=f"the reply could not be read ({type(e).__name__})",
                         seconds=time.perf_counter() - start)
        reply = Reply.from_frame(frame)
        if reply.status == MALFORMED:
            self.kill()
        return reply

    def kill(self) -> None:
        if self.pidfd is not None:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except OSError:
                pass
            os.close(self.pidfd)
            self.pidfd = None
        elif self.init and self.init != self.pid and self.sandbox in PID_NAMESPACE_LEVELS:
            try:
                os.kill(self.init, signal.SIGKILL)
            except OSError:
                pass
        if self.pid > 0:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        self.dead = True
        try:
            self.sock.close()
        except OSError:
            pass

    def close(self) -> None:
        if not self.dead:
            try:
                self.sock.settimeout(0.5)
                codec.write_frame(self.sock, {"op": "bye"})
            except (OSError, codec.CodecError):
                pass
        self.kill()


def _read_with_deadline(sock: socket.socket, deadline: float) -> Any:
    class _Timed:
        def recv(self, n):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
            try:
                return sock.recv(n)
            except socket.timeout:
                raise TimeoutError from None
    return codec.read_frame(_Timed())


class Judge:
    """Starts children for submissions from one warm fork server."""

    def __init__(self, hide: list[str] | None = None, limits: dict | None = None,
                 load_timeout: float = 10.0, warm: bool = False, reveal: list[str] | None = None,
                 userns: bool = False):
        """``warm``: have the server import what training code needs (~2 s, once) before
        its next fork — worth it when many submissions follow. ``userns``: confine children
        the way a user without root is confined, even as root (for tests).

        A confined child sees only the operating system and the Python installation
        (grader/sandbox/view.py); ``reveal`` adds folders it may read too (read-only), and
        ``hide`` lists folders shown empty wherever they would appear in that view."""
        self.hide = [str(p) for p in (hide or [])]
        self.limits = limits or {}
        self.load_timeout = load_timeout
        self.ctrl, self.server_pid = _server()
        self.warm = warm
        self.reveal = [str(p) for p in (reveal or [])]
        self.userns = userns
        self.device = _device_name()

    def open(self, source: str, filename: str, module: str = "submission",
             timeout: float | None = None) -> Worker:
        """Fork a child, load ``source`` in it; the worker's ``hello`` says how loading went.
        ``timeout``: the most loading may take (default: the judge's ``load_timeout``)."""
        load_timeout = self.load_timeout if timeout is None else max(0.0, min(timeout, self.load_timeout))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            pid = self._fork(theirs)
        finally:
            theirs.close()
        start = time.perf_counter()
        sandbox, init = "unknown", None
        worker = Worker(ours, pid, Reply(OK))
        try:
            ours.settimeout(max(load_timeout, 0.001))
            # the source travels as raw bytes, not as JSON text (no escaping, no header limit)
            data = np.frombuffer(source.encode("utf-8", "surrogatepass"), dtype=np.uint8)
            codec.write_frame(ours, {"source": data, "filename": filename, "module": module})
            confined = _read_with_deadline(ours, start + load_timeout)
            if type(confined) is dict and confined.get("sandbox") in SANDBOX_LEVELS:
                sandbox = confined["sandbox"]
                if type(confined.get("pid")) is int and 0 < confined["pid"] < 1 << 31:
                    init = confined["pid"]
            worker = Worker(ours, pid, Reply(OK), sandbox, init)
            hello = Reply.from_frame(_read_with_deadline(ours, start + load_timeout))
        except TimeoutError:
            outside = worker.interrupted()
            hello = Reply(INTERRUPTED if outside else TIMEOUT,
                          message=f"loading the file took over {load_timeout:g} s"
                          + (f": {outside}" if outside else ""))
        except (EOFError, OSError):
            hello = Reply(CRASHED, message="the child process ended while loading the file")
        except codec.CodecError as e:
            hello = Reply(MALFORMED, message=str(e))
        except Exception as e:  # noqa: BLE001
            hello = Reply(MALFORMED, message=f"the reply could not be read ({type(e).__name__})")
        worker.hello, worker.dead = hello, hello.status != OK
        if hello.status != OK:
            worker.kill()
        return worker

    def _fork(self, theirs: socket.socket) -> int:
        """Ask the server for a child on ``theirs``; a dead server is replaced once."""
        global _SERVER
        request = json.dumps({"hide": self.hide, "limits": self.limits, "warm": self.warm,
                              "reveal": self.reveal, "userns": self.userns,
                              "cap_memory": not _cuda_available()}).encode()
        for attempt in (1, 2):
            try:
                with _SERVER_LOCK:
                    socket.send_fds(self.ctrl, [request], [theirs.fileno()])
                    self.ctrl.settimeout(30)
                    data = self.ctrl.recv(16)
                return struct.unpack(">i", data)[0]
            except (OSError, struct.error) as e:
                if attempt == 2:
                    raise RuntimeError(f"the fork server did not answer: {e}") from None
                with _SERVER_LOCK:
                    if _SERVER is not None and _SERVER[0] is self.ctrl:
                        _SERVER = forkserver.spawn_server()
                    self.ctrl, self.server_pid = _SERVER
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Nothing to release: the fork server is shared and ends with this process."""

    def __enter__(self) -> "Judge":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _cuda_available() -> bool:
    import torch
    return torch.cuda.is_available()


def _device_name() -> str:
    import torch
    if torch.cuda.is_available():
        return f"cuda:{torch.cuda.get_device_name(0)}"
    return "cpu"
