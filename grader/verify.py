"""The course checks itself: solutions score 100%, stubs score 0, known mistakes lose points,
and right answers written another way still score 100%.

Other right answers live in ``solutions/right/<exercise>/<variant>.py``, a docstring
saying how they differ; a check too strict to accept one is a bug in the check.

Wrong-answer fixtures live in ``solutions/wrong/<exercise>/<mistake>.py``; each
opens with a docstring naming the mistake and two lines:

    expect-fail: check_id, other_check_id   (each must not pass)
    expect-message: words                   (in the English message of one of them)
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from grader import paths
from grader.catalog import Exercise
from grader.checks import ExerciseResult, Outcome
from grader.runner import grade_source
from grader.sandbox import Judge


@dataclass(frozen=True)
class Fixture:
    exercise: str
    path: Path
    mistake: str
    expect_fail: tuple[str, ...]
    expect_message: str


@dataclass
class Finding:
    exercise: str
    subject: str          # "solution", "stub", or the fixture's file name
    ok: bool
    detail: str
    result: ExerciseResult | None = field(default=None, repr=False)


class BadFixture(ValueError):
    """A wrong-answer fixture that cannot be used: its file or docstring is malformed."""

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path}: {why}")
        self.path = path


def load_fixture(exercise: str, path: Path) -> Fixture:
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as e:
        raise BadFixture(path, f"cannot be read as Python ({e})") from e
    fields = {}
    for line in doc.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("expect-fail", "expect-message"):
            fields[key.strip()] = value.strip()
    if "expect-fail" not in fields or "expect-message" not in fields:
        raise BadFixture(path, "the docstring needs 'expect-fail:' and 'expect-message:' lines")
    checks = tuple(c.strip() for c in fields["expect-fail"].split(",") if c.strip())
    return Fixture(exercise, path, doc.splitlines()[0], checks, fields["expect-message"])


def fixtures_for(exercise: Exercise) -> list[Fixture | BadFixture]:
    """The exercise's fixtures; a malformed one comes back as its BadFixture, to be reported."""
    folder = paths.WRONG_DIR / exercise.id
    if not folder.is_dir():
        return []
    out: list[Fixture | BadFixture] = []
    for p in sorted(folder.glob("*.py")):
        try:
            out.append(load_fixture(exercise.id, p))
        except BadFixture as e:
            out.append(e)
    return out


def judge_fixture(fx: Fixture, result: ExerciseResult) -> tuple[bool, str]:
    by_id = {c.id: c for c in result.checks}
    missing = [c for c in fx.expect_fail if c not in by_id]
    if missing:
        return False, f"names checks that do not exist: {', '.join(missing)}"
    passed = [c for c in fx.expect_fail if by_id[c].outcome is Outcome.PASSED]
    if passed:
        return False, f"expected to fail but passed: {', '.join(passed)}"
    if result.score >= result.max_score:
        return False, "scored full marks"
    words = fx.expect_message.lower()
    if not any(by_id[c].message and words in by_id[c].message.en.lower() for c in fx.expect_fail):
        return False, f"no failing check's message mentions {fx.expect_message!r}"
    return True, f"{result.score}/{result.max_score}: {fx.mistake}"


def _full_marks(exercise: Exercise, path: Path, subject: str, judge: Judge) -> Finding:
    """A right answer (the reference solution or another way of writing it) must pass every check."""
    r = grade_source(exercise, path.read_text(encoding="utf-8"), f"{exercise.id}.py", judge)
    bad = [f"{c.id} ({c.outcome.value})" for c in r.checks if c.counted and c.outcome is not Outcome.PASSED]
    return Finding(exercise.id, subject, r.max_score > 0 and not bad,
                   f"{r.score}/{r.max_score}" + (f"; not passed: {', '.join(bad)}" if bad else ""), r)


def no_solutions() -> str:
    """Why there is nothing to check the course against: an installed copy carries no solutions."""
    return (f"no reference solutions in {paths.SOLUTIONS_DIR}: they are not installed with the package "
            "(so no learner's code can find them); run `learn verify` from a checkout of the course")


def verify_exercise(exercise: Exercise, judge: Judge) -> list[Finding]:
    out = []
    solution = paths.SOLUTIONS_DIR / f"{exercise.id}.py"
    if not paths.SOLUTIONS_DIR.is_dir():
        out.append(Finding(exercise.id, "solution", False, no_solutions()))
    elif not solution.is_file():
        out.append(Finding(exercise.id, "solution", False, f"missing {solution}"))
    else:
        out.append(_full_marks(exercise, solution, "solution", judge))
    r = grade_source(exercise, exercise.stub, f"{exercise.id}.py", judge)
    out.append(Finding(exercise.id, "stub", r.score == 0 and r.status == "not_attempted",
                       f"{r.score}/{r.max_score}, {r.status}", r))
    for path in sorted((paths.RIGHT_DIR / exercise.id).glob("*.py")):
        out.append(_full_marks(exercise, path, f"right/{path.name}", judge))
    for fx in fixtures_for(exercise):
        if isinstance(fx, BadFixture):
            out.append(Finding(exercise.id, fx.path.name, False, str(fx)))
            continue
        r = grade_source(exercise, fx.path.read_text(encoding="utf-8"), f"{exercise.id}.py", judge)
        ok, detail = judge_fixture(fx, r)
        out.append(Finding(exercise.id, fx.path.name, ok, detail, r))
    return out
