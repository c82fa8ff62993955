"""What a hidden check is, and what grading one produces.

A hidden suite is a pytest module ``grader/hidden/test_<exercise>.py``. Each check
is a test function that takes the submission proxy ``sub`` (and ``device`` when it
runs on CUDA too) and either returns (pass) or raises ``Fail`` with a message for
the learner. Its stable id and its points are pytest markers
(``@pytest.mark.check_id("basic_vector")``, ``@pytest.mark.points(2)``, and
``@pytest.mark.call_timeout(20)`` for slow calls); ``@check(...)`` applies them.
The markers are the one declaration both graders read: pytest through
``grader.pytest_plugin``, and ``collect`` for the class workers' fast path.
"""

from __future__ import annotations

import enum
import importlib
import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable

from grader.i18n import Text


class Outcome(str, enum.Enum):
    """The closed set of things a check can come to."""

    PASSED = "passed"
    FAILED = "failed"          # ran, wrong answer
    ERROR = "error"            # learner code raised, or could not load
    TIMEOUT = "timeout"        # learner code took too long
    NOT_ATTEMPTED = "not_attempted"  # NotImplementedError: the stub is untouched
    BANNED = "banned"          # right answer through an API the exercise teaches
    SKIPPED = "skipped"        # cannot run here (no CUDA); not counted


class Fail(Exception):
    """Raised by a check: the submission's answer is wrong. Carries the learner's message and,
    when the check recognised a known mistake, its stable id (``no_max_subtraction``; the
    runner qualifies it with the exercise: ``softmax.no_max_subtraction``)."""

    def __init__(self, message: Text, mistake: str | None = None):
        super().__init__(message.en)
        self.message = message
        self.mistake = mistake


def fail(en: str, ko: str, mistake: str | None = None) -> Fail:
    return Fail(Text(en, ko), mistake)


def qualified_mistake(exercise: str, mistake: str | None) -> str | None:
    """``softmax.no_max_subtraction`` from a check's short id; an id with a dot is kept as it is."""
    if not mistake:
        return None
    return mistake if "." in mistake else f"{exercise}.{mistake}"


#: the markers a hidden check carries (registered by grader.pytest_plugin)
ID_MARK, POINTS_MARK, TIMEOUT_MARK = "check_id", "points", "call_timeout"
#: what a check may ask for: the proxy, and the device when it runs on CUDA too
CHECK_ARGS = ("sub", "device")
DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class CheckSpec:
    """One hidden check as declared, before it is run on a device."""

    id: str
    points: int
    fn: Callable
    devices: tuple[str, ...] = ("cpu",)
    timeout: float = DEFAULT_TIMEOUT

    def variants(self) -> list[tuple[str, str]]:
        """(check id, device) for every device this check runs on."""
        return [(variant_id(self.id, d), d) for d in self.devices]


def variant_id(check_id: str, device: str) -> str:
    """The stored id of a check on a device: ``basic_vector``, ``basic_vector[cuda]``."""
    return check_id if device == "cpu" else f"{check_id}[{device}]"


class NotACheck(ValueError):
    """A test function in a hidden suite whose markers do not make it a check."""


def _marks(fn: Callable) -> dict[str, tuple]:
    """The function's own pytest marks (``fn.pytestmark``), name -> args of the innermost."""
    out: dict[str, tuple] = {}
    for mark in reversed(getattr(fn, "pytestmark", [])):
        mark = getattr(mark, "mark", mark)           # a MarkDecorator assigned by hand
        out[mark.name] = tuple(mark.args)
    return out


def is_check(fn: Callable) -> bool:
    return ID_MARK in _marks(fn)


def spec_of(fn: Callable) -> CheckSpec:
    """The check a test function declares with its markers; NotACheck when they are missing or
    wrong, or when it asks for anything but ``sub`` and ``device``."""
    key = (fn, len(getattr(fn, "pytestmark", ())))
    spec = _specs.get(key)
    if spec is None:
        spec = _specs[key] = _read_spec(fn)
    return spec


_specs: dict[tuple[Callable, int], CheckSpec] = {}    # read once per function: every grade asks again


def _read_spec(fn: Callable) -> CheckSpec:
    name = getattr(fn, "__qualname__", repr(fn))
    marks = _marks(fn)
    if not marks.get(ID_MARK) or not isinstance(marks[ID_MARK][0], str):
        raise NotACheck(f"{name}: a check needs a string id: @pytest.mark.{ID_MARK}(\"name\") or @check(\"name\")")
    points = marks.get(POINTS_MARK)
    if not points or type(points[0]) is not int or points[0] < 1:
        raise NotACheck(f"{name}: a check is worth at least one point: @pytest.mark.{POINTS_MARK}(n), n >= 1")
    timeout = marks.get(TIMEOUT_MARK, (DEFAULT_TIMEOUT,))
    if not timeout or not isinstance(timeout[0], (int, float)) or timeout[0] <= 0:
        raise NotACheck(f"{name}: @pytest.mark.{TIMEOUT_MARK}(seconds) takes a positive number")
    args = list(inspect.signature(fn).parameters)
    if not args or args[0] != "sub" or not set(args) <= set(CHECK_ARGS):
        raise NotACheck(f"{name}: a check takes `sub` and, to run on CUDA too, `device`; it takes {args}")
    devices = ("cpu", "cuda") if "device" in args else ("cpu",)
    return CheckSpec(id=marks[ID_MARK][0], points=points[0], fn=fn, devices=devices, timeout=float(timeout[0]))


@dataclass
class CheckResult:
    id: str
    outcome: Outcome
    points: int
    max_points: int
    message: Text | None = None
    device: str = "cpu"
    seconds: float = 0.0
    output: str = ""       # what the learner's code printed while this check ran (kept when it did not pass)
    mistake: str | None = None  # the named mistake behind a failure, e.g. "softmax.no_max_subtraction"

    @property
    def counted(self) -> bool:
        return self.outcome is not Outcome.SKIPPED


def check(id: str, points: int = 1, *, cuda: bool = False, timeout: float = DEFAULT_TIMEOUT) -> Callable:
    """Declare a hidden check: sugar for its pytest markers. ``cuda=True`` says the check takes
    the ``device`` fixture (cpu, and cuda where there is one); it is checked against the signature."""
    import pytest

    if points < 1:
        raise ValueError("a check is worth at least one point")

    def register(fn: Callable) -> Callable:
        if cuda != ("device" in inspect.signature(fn).parameters):
            raise TypeError(f"{fn.__qualname__}: cuda={cuda} needs {'a' if cuda else 'no'} `device` parameter")
        if timeout != DEFAULT_TIMEOUT:
            fn = getattr(pytest.mark, TIMEOUT_MARK)(timeout)(fn)
        fn = getattr(pytest.mark, POINTS_MARK)(points)(fn)
        fn = getattr(pytest.mark, ID_MARK)(id)(fn)
        _read_spec(fn)
        return fn
    return register


def suite_functions(module: ModuleType) -> list[Callable]:
    """What pytest collects from a hidden suite: its module-level functions named ``test*``,
    in the order they are defined."""
    return [obj for name, obj in vars(module).items()
            if name.startswith("test") and inspect.isfunction(obj)]


def collect(module_name: str) -> list[CheckSpec]:
    """The checks of a hidden suite, in the order pytest runs them; ids must be unique, and every
    test function must be a check."""
    specs = [spec_of(fn) for fn in suite_functions(importlib.import_module(module_name))]
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{module_name}: duplicate check ids")
    return specs


@dataclass
class ExerciseResult:
    """One graded attempt at one exercise (or quiz)."""

    exercise: str
    checks: list[CheckResult] = field(default_factory=list)
    seconds: float = 0.0
    submission_sha256: str = ""
    suite_sha256: str = ""
    device: str = "cpu"
    kind: str = "exercise"
    sandbox: str = ""      # how the learner's code was confined (grader/sandbox/isolation.py)
    loaded: bool = True    # False: the file could not be read or loaded, so no check ran

    @property
    def score(self) -> int:
        return sum(c.points for c in self.checks if c.outcome is Outcome.PASSED)

    @property
    def max_score(self) -> int:
        return sum(c.max_points for c in self.checks if c.counted)

    @property
    def status(self) -> str:
        counted = [c for c in self.checks if c.counted]
        if counted and all(c.outcome is Outcome.PASSED for c in counted):
            return "passed"
        if counted and all(c.outcome is Outcome.NOT_ATTEMPTED for c in counted):
            return "not_attempted"
        return "failed"

    def make_safe(self) -> "ExerciseResult":
        """Messages and output quote what the learner's code said or printed: escape lone
        surrogates and terminal controls in them once, before anything prints or stores them."""
        from grader import safetext
        for c in self.checks:
            if c.message is not None:
                c.message = Text(safetext.text(c.message.en), safetext.text(c.message.ko))
            c.output = safetext.text(c.output)
        return self

    def to_json(self, lang: str = "en") -> dict:
        return {
            "exercise": self.exercise, "kind": self.kind, "score": self.score,
            "max_score": self.max_score, "status": self.status,
            "seconds": round(self.seconds, 4), "device": self.device, "sandbox": self.sandbox,
            "submission_sha256": self.submission_sha256, "suite_sha256": self.suite_sha256,
            "checks": [{"id": c.id, "outcome": c.outcome.value, "points": c.points,
                        "max_points": c.max_points, "device": c.device,
                        "message": c.message.get(lang) if c.message else "", "output": c.output,
                        "mistake": c.mistake}
                       for c in self.checks],
        }
