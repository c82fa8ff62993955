"""The child: loads one submission and answers calls to it, sending back data only.

Runs in a forked, confined process. Nothing here is trusted by the judge: the
judge re-checks every frame, so a submission that tampers with this module can
only make its own replies malformed, never make them pass.
"""

from __future__ import annotations

import collections
import io
import linecache
import os
import re
import sys
import time
import traceback
import types
import warnings

import torch
from torch.overrides import TorchFunctionMode

from grader import codec
from grader.limits import MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS
from grader.sandbox import builders, isolation, userns, view  # noqa: F401 - all loaded before confinement

MAX_OUTPUT = MAX_OUTPUT_CHARS
MAX_EVENTS = 20_000
#: calls whose order a check may want to see (the rest are only counted)
SEQUENCE = {"backward", "zero_grad", "step", "train", "eval", "no_grad", "inference_mode", "grad_off"}
#: noted when a call returns with gradient tracking switched off for the whole process
#: (e.g. a bare torch.set_grad_enabled(False)); the child switches it back on
GRAD_LEFT_OFF = "torch.grad_left_off"


def _name(func) -> str:
    qual = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or type(func).__name__
    mod = getattr(func, "__module__", None) or ""
    return f"{mod}.{qual}" if mod else str(qual)


class Trace(TorchFunctionMode):
    """Counts every torch function the submission calls, and orders a few of them."""

    def __init__(self):
        super().__init__()
        self.counts: collections.Counter = collections.Counter()
        self.events: list[str] = []

    def note(self, name: str) -> None:
        self.counts[name] += 1
        leaf = name.rsplit(".", 1)[-1]
        if leaf in SEQUENCE and len(self.events) < MAX_EVENTS:
            self.events.append(name)

    def __torch_function__(self, func, types_, args=(), kwargs=None):
        self.note(_name(func))
        return func(*args, **(kwargs or {}))


_ACTIVE: list[Trace] = []


def _instrument_optimizers_and_modes() -> None:
    """Let the trace see optimizer and mode calls, which are not torch functions."""
    def wrap(cls, attr, label):
        original = getattr(cls, attr)

        def wrapper(self, *a, **k):
            if _ACTIVE:
                _ACTIVE[-1].note(label)
            return original(self, *a, **k)
        wrapper.__wrapped__ = original
        setattr(cls, attr, wrapper)

    wrap(torch.optim.Optimizer, "zero_grad", "torch.optim.Optimizer.zero_grad")
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    def on_step(_opt, _args, _kwargs):
        if _ACTIVE:
            _ACTIVE[-1].note("torch.optim.Optimizer.step")
    register_optimizer_step_pre_hook(on_step)
    wrap(torch.nn.Module, "train", "torch.nn.Module.train")
    wrap(torch.nn.Module, "eval", "torch.nn.Module.eval")
    wrap(torch.nn.Module, "zero_grad", "torch.nn.Module.zero_grad")
    for ctx_cls, label in ((torch.no_grad, "torch.no_grad"), (torch.inference_mode, "torch.inference_mode")):
        original_enter = ctx_cls.__enter__

        def enter(self, _orig=original_enter, _label=label):
            if _ACTIVE:
                _ACTIVE[-1].note(_label)
            return _orig(self)
        ctx_cls.__enter__ = enter

    original_init = torch.set_grad_enabled.__init__

    def set_grad_enabled(self, mode, _orig=original_init):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if _ACTIVE and not mode and caller.split(".")[0] != "torch":   # torch's own uses are not the learner's
            _ACTIVE[-1].note("torch.set_grad_enabled.grad_off")
        _orig(self, mode)
    torch.set_grad_enabled.__init__ = set_grad_enabled


class _Capped(io.TextIOBase):
    def __init__(self):
        self.parts: list[str] = []
        self.size = 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        if self.size < MAX_OUTPUT * 4:
            self.parts.append(s)
            self.size += len(s)
        return len(s)

    def text(self) -> str:
        out = "".join(self.parts)
        return out if len(out) <= MAX_OUTPUT else out[:MAX_OUTPUT] + "\n…(output truncated)"


def _module_state(obj):
    if isinstance(obj, torch.nn.Module):
        return codec.ModuleState(
            cls=type(obj).__name__, training=bool(obj.training),
            state={k: (v.detach().clone() if type(v) not in (torch.Tensor, torch.nn.Parameter)
                       else v) for k, v in obj.state_dict().items()},
            modes={name or "": bool(m.training) for name, m in obj.named_modules()})
    return None


def _where(tb, filename: str) -> dict | None:
    frames = [f for f in traceback.extract_tb(tb) if f.filename == filename]
    if not frames:
        return None
    f = frames[-1]
    return {"line": f.lineno, "code": (f.line or "").strip(), "function": f.name}


def _error(kind: str, exc: BaseException, filename: str) -> dict:
    return {"status": kind, "type": type(exc).__name__, "message": str(exc)[:MAX_MESSAGE_CHARS],
            "where": _where(exc.__traceback__, filename)}


def load(source: bytes, filename: str, module_name: str):
    module = types.ModuleType(module_name)
    module.__file__ = filename
    sys.modules[module_name] = module
    text = source.decode("utf-8")
    # tracebacks read code lines through linecache; the file itself is out of reach
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    code = compile(source, filename, "exec")
    exec(code, module.__dict__)
    return module


def _own_not_implemented(exc: BaseException, filename: str) -> bool:
    """True when the learner's file itself raised it (the stub), not torch or a library."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename == filename


def _call(module, msg: dict, filename: str, handles: dict) -> dict:
    name = msg.get("fn")
    target = msg.get("target")
    if target is not None:
        if target not in handles:
            return {"status": "missing", "message": f"no kept object {target!r}"}
        owner, what = handles[target], f"method {name!r} of {type(handles[target]).__name__}"
    else:
        owner, what = module, f"function or class named {name!r}"
    fn = getattr(owner, name, None) if isinstance(name, str) else None
    if fn is None:
        return {"status": "missing", "message": f"no {what}"}
    if not callable(fn):
        return {"status": "missing", "message": f"{name!r} is not callable"}
    args, kwargs = msg.get("args", ()), msg.get("kwargs", {})
    trace, out = Trace(), _Capped()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    _ACTIVE.append(trace)
    grad_was = torch.is_grad_enabled()
    start = time.perf_counter()
    try:
        with trace:
            value = fn(*args, **kwargs)
        if msg.get("keep"):
            handles[len(handles)] = value
            value = {"handle": len(handles) - 1, "type": type(value).__name__,
                     "module": _module_state(value)}
        reply = {"status": "ok", "value": value}
    except NotImplementedError as e:
        reply = _error("not_implemented" if _own_not_implemented(e, filename) else "raised", e, filename)
    except BaseException as e:  # noqa: BLE001 - every learner exception is reported as data
        reply = _error("raised", e, filename)
    finally:
        _ACTIVE.pop()
        sys.stdout, sys.stderr = saved
        if torch.is_grad_enabled() != grad_was:
            trace.events.append(GRAD_LEFT_OFF if grad_was else "torch.grad_left_on")
            torch.set_grad_enabled(grad_was)
    reply["seconds"] = time.perf_counter() - start
    reply["output"] = out.text()
    reply["calls"] = dict(trace.counts)
    reply["events"] = trace.events
    if msg.get("return_args"):
        reply["args_after"] = list(args)
    return reply


#: torch's note on where in its C++ sources a warning came from: nothing a learner can act on
_TRIGGERED = re.compile(r"\s*\(Triggered internally at [^)]*\)\.?")


def _show_warnings_at(filename: str) -> None:
    """Show a warning where the learner's code caused it (``softmax.py:12``), never at a line of the
    grader's own (the trace calls torch on the learner's behalf) or of torch's C++ sources."""
    def show(message, category, path, lineno, file=None, line=None):
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != filename:
            frame = frame.f_back
        where = f"{os.path.basename(filename)}:{frame.f_lineno}" if frame is not None else os.path.basename(filename)
        text = _TRIGGERED.sub("", str(message)).strip()
        print(f"{where}: {category.__name__}: {text}", file=file or sys.stderr)
    warnings.showwarning = show


def _sendable(value) -> bool:
    try:
        codec.encode(value, encode_object=_module_state)
        return True
    except codec.CodecError:
        return False


def _send(sock, reply: dict) -> None:
    if "args_after" in reply and not _sendable(reply["args_after"]):
        # arguments the judge built from recipes (a generator, a function) are not data
        reply["args_after"] = [a if _sendable(a) else None for a in reply["args_after"]]
    try:
        codec.write_frame(sock, reply, encode_object=_module_state)
    except codec.CodecError as e:
        value = reply.get("value")
        keep = {k: reply[k] for k in ("seconds", "output", "calls", "events") if k in reply}
        codec.write_frame(sock, {"status": "unsendable", "type": type(value).__name__,
                                 "message": str(e), **keep})


def _close_other_fds(keep: int) -> None:
    try:
        fds = [int(x) for x in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 256))
    for fd in fds:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _quiet_std_fds() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def main(sock, request: dict) -> None:
    """Entry point in the forked child; never returns."""
    try:
        _close_other_fds(sock.fileno())
        _quiet_std_fds()
        for name in [m for m in sys.modules if m.startswith(("grader.hidden", "solutions"))]:
            del sys.modules[name]
        torch.set_num_threads(1)
        first = codec.read_frame(sock)
        level, pid = isolation.confine(request.get("hide", []), request.get("limits"),
                                       cap_memory=bool(request.get("cap_memory", True)),
                                       reveal=request.get("reveal", []),
                                       userns=bool(request.get("userns", False)))
        # before any learner code runs, so both are the child's own: how it is confined, and the
        # process whose end ends everything it will start
        codec.write_frame(sock, {"sandbox": level, "pid": pid})
        _instrument_optimizers_and_modes()
        filename = first["filename"]
        _show_warnings_at(filename)
        saved = sys.stdout, sys.stderr
        out = _Capped()
        sys.stdout = sys.stderr = out
        try:
            module = load(first["source"].tobytes(), filename, first["module"])
            hello = {"status": "ok"}
        except NotImplementedError as e:
            hello = _error("not_implemented" if _own_not_implemented(e, filename) else "load_error", e, filename)
        except BaseException as e:  # noqa: BLE001
            hello = _error("load_error", e, filename)
            if isinstance(e, SyntaxError):
                hello["where"] = {"line": e.lineno, "code": (e.text or "").strip(), "function": ""}
        finally:
            sys.stdout, sys.stderr = saved
        hello["output"] = out.text()
        _send(sock, hello)
        if hello["status"] != "ok":
            os._exit(0)
        handles: dict = {}

        def build(kind, spec):
            if kind == "handle":
                return handles[spec["id"]]
            return builders.build(kind, spec)

        while True:
            msg = codec.read_frame(sock, build=build)
            if msg.get("op") == "bye":
                break
            _send(sock, _call(module, msg, filename, handles))
    except BaseException:  # noqa: BLE001 - the judge sees a closed socket and says so
        pass
    os._exit(0)
