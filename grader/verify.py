"""The course checks itself: solutions score 100%, stubs score 0, known mistakes lose points,
right answers written another way still score 100%, and non-answers (``grader.nonanswers``:
every function returning None, its input, zeros or 0) score 0. Every file is graded through
pytest, as ``learn grade`` grades it (``grader.pytest_grading``).

Other right answers live in ``solutions/right/<exercise>/<variant>.py``, a docstring
saying how they differ; a check too strict to accept one is a bug in the check.

Wrong-answer fixtures live in ``solutions/wrong/<exercise>/<mistake>.py``; each
opens with a docstring naming the mistake and two lines:

    expect-fail: check_id, other_check_id   (each must not pass)
    expect-message: words                   (in the English message of one of them)

A fixture whose docstring also says ``base: reference`` holds only what differs from
the reference solution (its imports and the changed functions): it is graded as the
reference followed by the fixture, so a later definition replaces the reference's.

Named mistakes: a hidden suite declares the ids of the mistakes it names in one
dict literal, ``KNOWN_MISTAKES = {"no_max_subtraction": "exp without subtracting
the max first", ...}`` (id -> what the learner did, for instructors' reports), and
names them as string literals: ``Mistake("id", ...)``, ``mistake="id"`` as an argument, or
``mistake = "id"`` assigned before the report that passes it on. Each
exercise's last finding, ``mistake ids``, fails on an id that is not snake_case,
declared twice, used but not declared, or declared but never used, and on a
failed check that recorded an id its suite does not declare; it also counts the
wrong answers whose failed checks named at least one id. A wrong answer caught
only by a generic mismatch is fine.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from grader import nonanswers, paths
from grader.catalog import Exercise
from grader.checks import ExerciseResult, Outcome
from grader.compare import MISTAKE_ID, SHARED_MISTAKES
from grader.pytest_grading import grade_source
from grader.sandbox import Judge

#: the module-level dict literal in a hidden suite that declares its mistake ids
DECLARATION = "KNOWN_MISTAKES"


@dataclass(frozen=True)
class Fixture:
    exercise: str
    path: Path
    mistake: str
    expect_fail: tuple[str, ...]
    expect_message: str
    on_reference: bool = False       # ``base: reference``: only the changed functions are in the file

    @property
    def source(self) -> str:
        """The submission this fixture stands for: the file, or the reference followed by it."""
        text = self.path.read_text(encoding="utf-8")
        if not self.on_reference:
            return text
        reference = (paths.SOLUTIONS_DIR / f"{self.exercise}.py").read_text(encoding="utf-8")
        return f"{reference}\n\n# ---- what this wrong answer changes (solutions/wrong) ----\n{text}"


@dataclass
class Finding:
    exercise: str
    subject: str          # "solution", "stub", "right/<file>", the fixture's file name, or "mistake ids"
    ok: bool
    detail: str
    result: ExerciseResult | None = field(default=None, repr=False)
    mistakes: tuple[str, ...] = ()   # a wrong answer: the mistake ids its failed checks named

    @property
    def kind(self) -> str:
        """What was checked: "solution", "stub", "right", "nonanswer", "wrong" or "mistake ids"."""
        if self.subject in ("solution", "stub", "mistake ids"):
            return self.subject
        for kind in ("right", "nonanswer"):
            if self.subject.startswith(kind + "/"):
                return kind
        return "wrong"


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
        if key.strip() in ("expect-fail", "expect-message", "base"):
            fields[key.strip()] = value.strip()
    if "expect-fail" not in fields or "expect-message" not in fields:
        raise BadFixture(path, "the docstring needs 'expect-fail:' and 'expect-message:' lines")
    if fields.get("base", "reference") != "reference":
        raise BadFixture(path, f"'base: {fields['base']}': the only base is the reference")
    checks = tuple(c.strip() for c in fields["expect-fail"].split(",") if c.strip())
    return Fixture(exercise, path, doc.splitlines()[0], checks, fields["expect-message"], "base" in fields)


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


@dataclass(frozen=True)
class SuiteMistakes:
    """The mistake ids a hidden suite declares and uses, read from its source (never run)."""

    declared: dict[str, str]                 # id -> what the learner did
    used: dict[str, tuple[int, ...]]         # id -> the lines that name it
    problems: tuple[str, ...]                # what is wrong with them, for people


def _literal_id(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def suite_mistakes(source: str, filename: str = "<suite>") -> SuiteMistakes:
    """Read ``KNOWN_MISTAKES`` and every use of an id (``Mistake("id", ...)``, ``mistake="id"`` as an
    argument or an assignment, a call of a shared helper that records ids: ``compare.SHARED_MISTAKES``)."""
    tree = ast.parse(source, filename)
    problems: list[str] = []
    declared: dict[str, str] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
            node.target if isinstance(node, ast.AnnAssign) else None
        if not (isinstance(target, ast.Name) and target.id == DECLARATION):
            continue
        if not isinstance(node.value, ast.Dict):
            problems.append(f"line {node.lineno}: {DECLARATION} must be a dict literal")
            continue
        for key, value in zip(node.value.keys, node.value.values):
            mid, meaning = _literal_id(key), _literal_id(value)
            if mid is None or meaning is None:
                problems.append(f"line {node.lineno}: {DECLARATION} maps string ids to strings")
            elif mid in declared:
                problems.append(f"line {key.lineno}: mistake id {mid!r} is declared twice "
                                f"({declared[mid]!r} and {meaning!r})")
            else:
                declared[mid] = meaning
    used: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "mistake" for t in node.targets) \
                and _literal_id(node.value) is not None:
            used.setdefault(node.value.value, []).append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        called = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        for mid in SHARED_MISTAKES.get(called, ()):
            used.setdefault(mid, []).append(node.lineno)
        if isinstance(node.func, ast.Name) and node.func.id == "Mistake":
            arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "id"), None)
            mid = _literal_id(arg)
            if mid is None:
                problems.append(f"line {node.lineno}: a Mistake's id must be a string literal")
            else:
                used.setdefault(mid, []).append(node.lineno)
        for k in node.keywords:
            if k.arg == "mistake" and _literal_id(k.value) is not None:
                used.setdefault(k.value.value, []).append(k.value.lineno)
    for mid, lines in sorted(used.items()):
        if not MISTAKE_ID.fullmatch(mid):
            problems.append(f"line {lines[0]}: mistake id {mid!r} is not a snake_case identifier")
        elif mid not in declared:
            problems.append(f"line {lines[0]}: mistake id {mid!r} is not declared in {DECLARATION}")
    for mid in declared:
        if not MISTAKE_ID.fullmatch(mid):
            problems.append(f"{DECLARATION}: {mid!r} is not a snake_case identifier")
        elif mid not in used:
            problems.append(f"{DECLARATION}: {mid!r} is declared but never used")
    return SuiteMistakes(declared, {k: tuple(v) for k, v in used.items()}, tuple(problems))


def named_mistakes(result: ExerciseResult) -> tuple[str, ...]:
    """The mistake ids the failed checks of one graded attempt named, each once, in check order."""
    return tuple(dict.fromkeys(c.mistake for c in result.checks if c.mistake and c.outcome is not Outcome.PASSED))


def mistake_finding(exercise: Exercise, findings: list[Finding]) -> Finding:
    """The suite's mistake ids are well formed and declared once; how many wrong answers were named by one."""
    try:
        declared = suite_mistakes(exercise.hidden_path.read_text(encoding="utf-8"), str(exercise.hidden_path))
    except (OSError, SyntaxError, ValueError) as e:
        return Finding(exercise.id, "mistake ids", False, f"cannot read {exercise.hidden_path.name}: {e}")
    problems = list(declared.problems)
    prefix = f"{exercise.id}."
    for f in findings:
        for c in f.result.checks if f.result else ():
            if c.mistake and not (c.mistake.startswith(prefix) and c.mistake[len(prefix):] in declared.declared):
                problems.append(f"{f.subject} / {c.id} recorded {c.mistake!r}, which the suite does not declare")
    wrong = [f for f in findings if f.subject not in ("solution", "stub") and not f.subject.startswith("right/")]
    named = sum(1 for f in wrong if f.mistakes)
    detail = (f"{named} of {len(wrong)} wrong answers named by a mistake id; "
              f"{len(declared.declared)} id(s) declared")
    if problems:
        detail += "; " + "; ".join(dict.fromkeys(problems))
    return Finding(exercise.id, "mistake ids", not problems, detail)


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
    for kind in nonanswers.KINDS:
        r = grade_source(exercise, nonanswers.source(exercise, kind), f"{exercise.id}.py", judge)
        paid = [c.id for c in r.checks if c.outcome is Outcome.PASSED]
        out.append(Finding(exercise.id, f"nonanswer/{kind}", r.score == 0,
                           f"{r.score}/{r.max_score}" + (f": paid by {', '.join(paid)}" if paid else ""), r))
    for fx in fixtures_for(exercise):
        if isinstance(fx, BadFixture):
            out.append(Finding(exercise.id, fx.path.name, False, str(fx)))
            continue
        r = grade_source(exercise, fx.source, f"{exercise.id}.py", judge)
        ok, detail = judge_fixture(fx, r)
        ids = named_mistakes(r)
        short = [m.split(".", 1)[-1] for m in ids]
        out.append(Finding(exercise.id, fx.path.name, ok,
                           detail + (f" [mistakes: {', '.join(short)}]" if short else " [no mistake id]"), r, ids))
    out.append(mistake_finding(exercise, out))
    return out
