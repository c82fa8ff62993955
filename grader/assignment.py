"""What a class is graded on: ``CLASS_DIR/class.toml``, loaded into a frozen ``Assignment``.

Every key is optional; with no file at all the class is assigned the whole course
(every exercise, then every quiz, in course order), each item of weight 1, no due
time and no roster. An item counts ``weight × (best points / max points)`` toward a
learner's total, so totals and percentages are always out of the assigned set, and
an exercise of 18 checks weighs what a quiz of 7 questions weighs unless the file
says otherwise. Every mistake in the file is an ``AssignmentError`` naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.limits import MAX_SOURCE_BYTES

FILE_NAME = "class.toml"
KEYS = ("title", "items", "weights", "due", "roster")
LEARNER_NAME = re.compile(r"^[^\x00-\x1f\x7f/\\]{1,100}$")


class AssignmentError(ValueError):
    """``class.toml`` cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class AssignedItem:
    id: str
    kind: str          # "exercise" | "quiz"
    weight: float = 1.0
    title: str = ""


@dataclass(frozen=True)
class Assignment:
    title: str
    items: tuple[AssignedItem, ...]
    due: dt.datetime | None = None            # aware; attempts whose file changed after it are late
    roster: tuple[str, ...] | None = None     # None: every learner folder is graded
    path: Path | None = None                  # the file it came from; None for the default

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.items)

    def item(self, item_id: str) -> AssignedItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def is_late(self, submitted_at: str | None) -> bool:
        """Whether a submission whose file last changed at ``submitted_at`` (ISO time) is late."""
        if self.due is None or not submitted_at:
            return False
        try:
            when = dt.datetime.fromisoformat(submitted_at)
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.astimezone()
        return when > self.due


def course_items() -> list[AssignedItem]:
    """The whole course: every exercise, then every quiz, in course order."""
    from grader import catalog
    from grader.quiz import list_quizzes
    return [*(AssignedItem(e.id, "exercise", 1.0, e.title.en) for e in catalog.load_catalog()),
            *(AssignedItem(q.id, "quiz", 1.0, q.title.en) for q in list_quizzes())]


def default(title: str = "") -> Assignment:
    return Assignment(title=title or "The whole course", items=tuple(course_items()))


def load(class_dir: Path) -> Assignment:
    """The class's assignment: ``class_dir/class.toml`` if there is one, else the whole course."""
    path = Path(class_dir) / FILE_NAME
    if not path.exists() and not path.is_symlink():
        return default(Path(class_dir).resolve().name)
    return load_file(path)




def load_file(path: Path) -> Assignment:
    if path.is_symlink() or not path.is_file():
        raise AssignmentError(f"{path}: not a regular file (a class file is never followed through a link).")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise AssignmentError(f"{path}: larger than {MAX_SOURCE_BYTES:,} bytes; is it the right file?")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AssignmentError(f"{path}: not UTF-8 text.") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise AssignmentError(f"{path}: not valid TOML: {e}.") from None
    return parse(raw, text, path)


def _line(text: str, *needles: str) -> int | None:
    """The first line of ``text`` holding all of ``needles`` (a best guess at where a value was written).
    A needle ``key=`` matches a line that sets ``key``; ``[table]`` skips to below that header."""
    lines = text.splitlines()
    start = 0
    for needle in needles:
        if needle.startswith("[") and needle.endswith("]"):
            start = next((n + 1 for n, line in enumerate(lines) if line.strip() == needle), start)
    wanted = [n for n in needles if not (n.startswith("[") and n.endswith("]"))]
    for n, line in enumerate(lines[start:], start + 1):
        if all(re.match(rf'\s*"?{re.escape(w[:-1])}"?\s*=', line) if w.endswith("=") else w in line
               for w in wanted):
            return n
    return None


class _Errors:
    def __init__(self, text: str, path: Path | None):
        self.text, self.path = text, path

    def __call__(self, message: str, *needles: str) -> AssignmentError:
        line = _line(self.text, *needles) if needles else None
        where = f"{self.path or FILE_NAME}" + (f", line {line}" if line else "")
        return AssignmentError(f"{where}: {message}")


def parse(raw: dict, text: str = "", path: Path | None = None) -> Assignment:
    """An ``Assignment`` from the parsed TOML ``raw`` (``text`` is used to point at lines)."""
    error = _Errors(text, path)
    for key in raw:
        if key not in KEYS:
            raise error(f"unknown key {key!r}; the keys are {', '.join(KEYS)}.", f"{key}=")
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise error("title must be a string, e.g. title = \"Deep learning, spring 2027\".", "title=")
    known = {i.id: i for i in course_items()}
    items = _items(raw, known, error)
    due = _due(raw.get("due"), error)
    roster = _roster(raw.get("roster"), error)
    return Assignment(title=title or (path.parent.name if path else "class"), items=items, due=due,
                      roster=roster, path=path)


def _items(raw: dict, known: dict[str, AssignedItem], error: _Errors) -> tuple[AssignedItem, ...]:
    ids = raw.get("items")
    if ids is None:
        ids = list(known)
    elif not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise error("items must be a list of exercise and quiz ids, e.g. items = [\"softmax\", \"one_hot\"].",
                    "items=")
    if not ids:
        raise error("items is empty: assign at least one exercise or quiz (`learn list` shows them).", "items=")
    seen = set()
    for item_id in ids:
        if item_id not in known:
            import difflib
            close = difflib.get_close_matches(item_id, list(known), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else " `learn list` shows the exercises and quizzes."
            raise error(f"{item_id!r} is neither an exercise nor a quiz.{hint}", f'"{item_id}"')
        if item_id in seen:
            raise error(f"{item_id!r} is listed twice in items.", f'"{item_id}"')
        seen.add(item_id)
    weights = raw.get("weights", {})
    if not isinstance(weights, dict):
        raise error("weights must be a table: [weights] then lines such as softmax = 2.", "weights")
    for item_id, w in weights.items():
        if item_id not in seen:
            raise error(f"a weight is given for {item_id!r}, which is not in items.", "[weights]", f"{item_id}=")
        if type(w) not in (int, float) or not (0 <= w < 1e6):
            raise error(f"the weight of {item_id!r} must be a number ≥ 0, not {w!r}.", "[weights]", f"{item_id}=")
    out = tuple(AssignedItem(i, known[i].kind, float(weights.get(i, 1.0)), known[i].title) for i in ids)
    if sum(i.weight for i in out) <= 0:
        raise error("every weight is 0: nothing would count toward the total.", "weights")
    return out


def _due(value, error: _Errors) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.astimezone()      # a local time: this machine's zone
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59)).astimezone()   # the end of that day, locally
    raise error("due must be a TOML date-time, e.g. due = 2027-04-01T23:59:00+09:00 (no quotes).", "due=")


def _roster(value, error: _Errors) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise error("roster must be a list of learner folder names, e.g. roster = [\"ana\", \"ben\"].", "roster=")
    seen = set()
    for name in value:
        if not LEARNER_NAME.match(name) or name.startswith("."):
            raise error(f"{name!r} cannot be a learner folder name (no slashes, control characters or "
                        "leading dot).", "roster")
        if name in seen:
            raise error(f"{name!r} is on the roster twice.", f'"{name}"')
        seen.add(name)
    return tuple(value)


def starter_text(title: str) -> str:
    """The commented ``class.toml`` that ``learn class init`` writes: the whole course, nothing else set."""
    items = course_items()
    width = max(len(i.id) for i in items) + 4
    listed = "\n".join("    " + f'"{i.id}",'.ljust(width) + f"# {i.kind}: {i.title}" for i in items)
    return f"""# What this class is graded on; read by `learn class grade`, `learn class export` and
# `learn class report`. Every key is optional: with no file, the whole course is assigned.

title = {_toml_string(title)}

# The exercises and quizzes assigned, in the order tables and reports show them
# (ids as `learn list` shows them). Delete lines to assign less.
items = [
{listed}
]

# When work is due. A file changed after this time is marked late, never dropped.
# A TOML date-time without quotes; without an offset it is read in this machine's time zone.
# due = 2027-04-01T23:59:00+09:00

# The learners, by folder name. Listed learners with no files count 0 and are shown as
# missing; folders not listed are reported and not graded. Leave it out to grade every folder.
# roster = ["ana", "ben", "cho"]

# Each item counts weight × (points earned / points possible) toward the total; the default
# weight is 1. Keep this table at the end of the file (TOML puts every key below a [table] in it).
[weights]
# softmax = 2
"""


def _toml_string(s: str) -> str:
    import json
    return json.dumps(s, ensure_ascii=False)
