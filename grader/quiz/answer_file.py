"""Answer files: ``<workspace>/quizzes/<QUIZ>.toml``, one line per question (``id = answer``).

The interactive quiz writes one as the learner answers (so an interrupted quiz
loses nothing); ``learn quiz QUIZ --answers FILE`` and class grading read the same
format. Keys starting with ``_`` are information (``_quiz``, ``_learner``), not answers.
Files are written atomically and never replaced without keeping what was there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from grader.quiz.model import QuizError


@dataclass
class AnswerSheet:
    answers: dict[str, object] = field(default_factory=dict)   # question id -> answer as written
    meta: dict[str, object] = field(default_factory=dict)      # the ``_`` keys


def read_answers(path: Path) -> AnswerSheet:
    """Parse an answers file; QuizError (with the line, for bad TOML) if it cannot be read."""
    return parse_answers(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of an answers file; QuizError if it is missing or cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise QuizError(f"{path} does not exist.") from None
    except OSError as e:
        raise QuizError(f"{path} cannot be read: {e.strerror}.") from None


def parse_answers(data: bytes, path: str) -> AnswerSheet:
    """Parse the bytes of an answers file (``path`` names it in messages); QuizError if they cannot be."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise QuizError(f"{path} is not UTF-8 text: save it as UTF-8.") from None
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError) as e:
        raise QuizError(f"{path} is not valid TOML: {_first_line(e)}. Each line should read `question_id = answer`, "
                        'e.g. `updates_per_epoch = 47` or `which_are_parameters = "a,c"`.') from None
    sheet = AnswerSheet()
    for key, value in raw.items():
        (sheet.meta if key.startswith("_") else sheet.answers)[key] = value
    return sheet


def _first_line(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:200]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to an answers file")


def render_answers(quiz_id: str, learner: str, answers: dict[str, object]) -> str:
    """The text of an answers file: a short header, then ``id = answer`` per answered question."""
    lines = [f"# Answers to the quiz {quiz_id}: one line per question, `question_id = answer`.",
             "# Choice questions take the letters you were shown (`learn quiz "
             f"{quiz_id} --show`).",
             f"# Grade this file with: learn quiz {quiz_id} --answers <this file>",
             f"_quiz = {_toml_value(quiz_id)}",
             f"_learner = {_toml_value(learner)}", ""]
    lines += [f"{qid} = {_toml_value(value)}" for qid, value in answers.items()]
    text = "\n".join(lines) + "\n"
    parsed = tomllib.loads(text)
    if {k: v for k, v in parsed.items() if not k.startswith("_")} != answers:  # pragma: no cover
        raise QuizError("internal error: the answers file would not read back the same")
    return text


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def backup(path: Path, backup_dir: Path) -> Path:
    """Copy ``path`` to a timestamped file in ``backup_dir``; returns the copy's path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, target)
    return target
