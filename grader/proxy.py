"""The submission as a check sees it: ``sub.softmax(x)`` calls into the sandboxed child.

A call returns plain data or raises one of the ``Problem`` exceptions below,
which the runner turns into an outcome with a message naming the inputs.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Callable

from grader.codec import Build, ModuleState
from grader.checks import Outcome
from grader.compare import show
from grader.explain import explain, explain_unsendable
from grader.i18n import Text, eul_reul, i_ga
from grader.sandbox import judge as J


class Problem(Exception):
    """The call did not produce a value the check can judge."""

    outcome = Outcome.ERROR

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


class NotAttempted(Problem):
    outcome = Outcome.NOT_ATTEMPTED


class TimedOut(Problem):
    outcome = Outcome.TIMEOUT


def describe_call(fn: str, args: tuple, kwargs: dict) -> str:
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{fn}({', '.join(parts)})"


def _where(reply: J.Reply) -> str:
    w = reply.where or {}
    if w.get("line"):
        return f" (line {w['line']}: `{w.get('code', '')}`)"
    return ""


def _with_lesson(message: Text, lesson: Text | None) -> Text:
    return message if lesson is None else Text(f"{message.en}\n  {lesson.en}", f"{message.ko}\n  {lesson.ko}")


def problem_for(reply: J.Reply, call: str) -> Problem:
    """The Problem that explains a reply which is not a value."""
    s = reply.status
    if s == J.NOT_IMPLEMENTED:
        return NotAttempted(Text(f"{call}: not attempted yet (it raises NotImplementedError).",
                                 f"{call}: 아직 작성하지 않았습니다(NotImplementedError 발생)."))
    if s == J.TIMEOUT:
        return TimedOut(Text(f"{call}: no answer within the time limit ({reply.message}). "
                             "Look for a loop that never ends.",
                             f"{call}: 제한 시간 안에 답이 없었습니다({reply.message}). 끝나지 않는 반복문을 찾아보세요."))
    if s == J.RAISED:
        raised = Text(f"{call} raised {reply.type}: {reply.message}{_where(reply)}",
                      f"{call}에서 {reply.type} 예외가 발생했습니다: {reply.message}{_where(reply)}")
        return Problem(_with_lesson(raised, explain(reply.type, reply.message)))
    if s == J.MISSING:
        return Problem(Text(f"{call}: {reply.message}. Keep the names and signatures of the stub.",
                            f"{call}: {reply.message}. 스텁의 이름과 시그니처를 그대로 유지하세요."))
    if s == J.UNSENDABLE:
        inner = re.match(r"a value of type (\w+) cannot be sent", reply.message or "")
        inner_type = inner.group(1) if inner else reply.type
        what = reply.type if inner_type == reply.type else f"{reply.type} holding a {inner_type}"
        what_ko = reply.type if inner_type == reply.type else f"{inner_type}{i_ga(inner_type)} 든 {reply.type}"
        unsendable = Text(f"{call} returned a {what}, which is not a value the grader can check "
                          "(return tensors, arrays, numbers, lists, tuples or dicts).",
                          f"{call}{i_ga(call)} {what_ko}{eul_reul(what_ko)} 반환했습니다. 채점할 수 없는 값입니다"
                          "(텐서, 배열, 숫자, 리스트, 튜플, 딕셔너리를 반환하세요).")
        return Problem(_with_lesson(unsendable, explain_unsendable(inner_type)))
    if s == J.INTERRUPTED:
        return Problem(Text(f"{call}: {reply.message}. This is not a fault in your code: grade again, "
                            "and tell your instructor if it happens again.",
                            f"{call}: 코드를 실행하던 프로세스가 외부에서 멈추거나 끝났습니다({reply.message}). "
                            "코드의 잘못이 아닙니다. 다시 채점하고, 또 그러면 강사에게 알려 주세요."))
    if s == J.CRASHED:
        return Problem(Text(f"{call}: the process running your code ended during the call "
                            "(os._exit, a crash, the memory limit, or it was ended from outside).",
                            f"{call}: 호출 중에 코드를 실행하던 프로세스가 끝났습니다"
                            "(os._exit, 충돌, 메모리 한도, 또는 외부에서 종료)."))
    return Problem(Text(f"{call}: the reply from your code was not valid ({reply.message}).",
                        f"{call}: 코드에서 온 응답이 올바르지 않습니다({reply.message})."))


@dataclass(frozen=True)
class Handle:
    """An object kept alive in the child (a model the learner built), used by reference."""

    id: int
    type: str
    module: ModuleState | None
    worker: object

    @property
    def ref(self) -> Build:
        return Build("handle", {"id": self.id})


class Submission:
    """Proxy to the learner's module for one check. Records what each function called."""

    def __init__(self, worker_source: Callable[[], J.Worker], timeout: float, deadline: float):
        self._worker_source = worker_source
        self._timeout = timeout
        self._deadline = deadline
        self.calls: dict[str, dict[str, int]] = {}
        self.last: J.Reply | None = None
        self.printed: list[str] = []   # what the learner's code printed, call by call

    def reply(self, fn: str, *args: Any, _timeout: float | None = None, _return_args: bool = False,
              _keep: bool = False, _target: Handle | None = None, **kwargs: Any) -> J.Reply:
        """The raw reply: a value, or the learner's exception as data (``status == 'raised'``).

        Not attempted, timeouts, crashes and malformed replies still raise a Problem.
        ``_keep`` leaves the result in the child (see ``keep``); ``_target`` calls a method
        of a kept object.
        """
        label = f"{_target.type}.{fn}" if _target is not None else fn
        call = describe_call(label, args, kwargs)
        worker = self._worker_source()
        handles = [a for a in (*args, *kwargs.values(), _target) if isinstance(a, Handle)]
        if any(h.worker is not worker for h in handles):
            raise Problem(Text(f"{call}: not run, the process holding your object had ended.",
                               f"{call}: 객체를 가진 프로세스가 이미 끝나서 실행하지 않았습니다."))
        args = tuple(a.ref if isinstance(a, Handle) else a for a in args)
        kwargs = {k: (v.ref if isinstance(v, Handle) else v) for k, v in kwargs.items()}
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimedOut(Text(f"{call}: not run, the submission used up its total time budget.",
                                f"{call}: 제출물의 전체 시간 예산을 다 써서 실행하지 않았습니다."))
        timeout = min(_timeout or self._timeout, left)
        r = worker.call(fn, args, kwargs, timeout=timeout, return_args=_return_args, keep=_keep,
                        target=_target.id if _target is not None else None)
        self.last = r
        if r.output:
            self.printed.append(r.output)
        merged = self.calls.setdefault(_target.type + "." + fn if _target is not None else fn, {})
        for name, n in r.calls.items():
            merged[name] = merged.get(name, 0) + n
        if r.status not in (J.OK, J.RAISED):
            raise problem_for(r, call)
        return r

    def call(self, fn: str, *args: Any, _timeout: float | None = None, **kwargs: Any) -> Any:
        """Call ``fn`` in the child and return its value; a learner exception becomes a Problem."""
        r = self.reply(fn, *args, _timeout=_timeout, **kwargs)
        if r.status == J.RAISED:
            raise problem_for(r, describe_call(fn, args, kwargs))
        return r.value

    def call_and_args(self, fn: str, *args: Any, _timeout: float | None = None,
                      **kwargs: Any) -> tuple[Any, list]:
        """Like ``call``, plus the positional arguments as they were in the child after the call
        (None for one that could not be sent back), to check that nothing was modified in place."""
        r = self.reply(fn, *args, _timeout=_timeout, _return_args=True, **kwargs)
        if r.status == J.RAISED:
            raise problem_for(r, describe_call(fn, args, kwargs))
        after = list(r.args_after) if isinstance(r.args_after, (list, tuple)) else []
        return r.value, after + [None] * (len(args) - len(after))

    def keep(self, fn: str, *args: Any, _timeout: float | None = None, **kwargs: Any) -> Handle:
        """Call ``fn`` and keep its result in the child; returns a Handle (with the module's
        state when it is an ``nn.Module``)."""
        r = self.reply(fn, *args, _timeout=_timeout, _keep=True, **kwargs)
        if r.status == J.RAISED:
            raise problem_for(r, describe_call(fn, args, kwargs))
        v = r.value
        if type(v) is not dict or type(v.get("handle")) is not int or type(v.get("type")) is not str \
                or (v.get("module") is not None and type(v["module"]) is not ModuleState):
            raise problem_for(J.Reply(J.MALFORMED, message="bad handle"), describe_call(fn, args, kwargs))
        return Handle(v["handle"], v["type"], v.get("module"), self._worker_source())

    def method(self, target: Handle, name: str, *args: Any, _timeout: float | None = None,
               **kwargs: Any) -> Any:
        """Call ``target.name(*args)`` in the child and return its value."""
        r = self.reply(name, *args, _timeout=_timeout, _target=target, **kwargs)
        if r.status == J.RAISED:
            raise problem_for(r, describe_call(f"{target.type}.{name}", args, kwargs))
        return r.value

    def __getattr__(self, fn: str) -> Callable[..., Any]:
        if fn.startswith("_"):
            raise AttributeError(fn)
        return lambda *args, **kwargs: self.call(fn, *args, **kwargs)

    def expect_raises(self, errors: tuple[str, ...], fn: str, *args: Any, idea: Text | None = None,
                      **kwargs: Any) -> J.Reply:
        """Pass only if ``fn(*args)`` raises one of the exception class names in ``errors``."""
        from grader.compare import raises, report

        r = self.reply(fn, *args, **kwargs)
        call = describe_call(fn, args, kwargs)
        wanted = " or ".join(errors)
        if r.status == J.OK:
            raise report(call, raises(wanted), r.value, Text(
                f"This input is invalid, so the function should raise {wanted} with a clear message "
                "instead of returning.",
                f"잘못된 입력이므로 값을 반환하지 말고 명확한 메시지와 함께 {wanted}{eul_reul(wanted)} 발생시켜야 합니다."), idea)
        if r.type not in errors:
            raise report(call, raises(wanted), raises(r.type, r.message), Text(
                f"It raised {r.type}, but callers expect {wanted} for a bad argument.",
                f"{r.type}{i_ga(r.type)} 발생했지만, 잘못된 인자에는 {wanted}{i_ga(wanted)} 기대됩니다."), idea)
        return r
