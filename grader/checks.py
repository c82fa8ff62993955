"""What a hidden check is, and what grading one produces.

A hidden suite is a module ``grader/hidden/test_<exercise>.py`` of functions
decorated with ``@check``. Each takes the submission proxy ``sub`` (and
``device`` when it runs on several devices) and either returns (pass) or
raises ``Fail`` with a message for the learner.
"""

from __future__ import annotations

import enum
import importlib
import inspect
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class CheckSpec:
    """One hidden check as declared, before it is run on a device."""

    id: str
    points: int
    fn: Callable
    devices: tuple[str, ...] = ("cpu",)
    timeout: float = 5.0
    title: Text | None = None

    def variants(self) -> list[tuple[str, str]]:
        """(check id, device) for every device this check runs on."""
        return [(self.id if d == "cpu" else f"{self.id}[{d}]", d) for d in self.devices]


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


def check(id: str, points: int = 1, *, cuda: bool = False, timeout: float = 5.0,
          title: Text | None = None) -> Callable:
    """Declare a hidden check. ``cuda=True`` runs it again on CUDA where there is one."""
    if points < 1:
        raise ValueError("a check is worth at least one point")

    def register(fn: Callable) -> Callable:
        fn.__check__ = CheckSpec(id=id, points=points, fn=fn,
                                 devices=("cpu", "cuda") if cuda else ("cpu",),
                                 timeout=timeout, title=title)
        return fn
    return register


def collect(module_name: str) -> list[CheckSpec]:
    """The checks of a hidden suite, in source order; ids must be unique."""
    module = importlib.import_module(module_name)
    specs = [obj.__check__ for _, obj in inspect.getmembers(module, inspect.isfunction)
             if hasattr(obj, "__check__")]
    specs.sort(key=lambda s: inspect.getsourcelines(s.fn)[1])
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
