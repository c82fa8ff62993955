"""Per-learner variants: a seed from (learner, quiz), numbers drawn from it, texts filled in.

Everything is derived with sha256, never Python's ``hash()`` or ``random``, so the
same learner sees the same variant on every machine and Python version, and an
instructor regrading a class reproduces each learner's variant exactly.
"""

from __future__ import annotations

import hashlib
import math
import string
from dataclasses import dataclass, field, replace
from typing import Mapping

from grader.i18n import Text
from grader.quiz.expr import ExprError, evaluate
from grader.quiz.model import Option, Question, Quiz, QuizError

LETTERS = string.ascii_lowercase
MAX_REDRAWS = 200


def quiz_seed(learner: str, quiz_id: str) -> int:
    """The learner's variant of a quiz: a 48-bit number from sha256 of (learner, quiz id)."""
    digest = hashlib.sha256(f"learn-quiz\x00{learner}\x00{quiz_id}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def draw_index(n: int, seed: int, *parts: object) -> int:
    """A number in ``range(n)`` determined by ``seed`` and ``parts`` alone."""
    key = "\x00".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n


def format_number(x: object) -> str:
    """A number as a person would write it: 47, 0.665241, 5.75."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:.1f}"


def within_tolerance(q: Question, value: float, target: float) -> bool:
    """Whether ``value`` is ``target`` as far as the numeric question ``q`` is concerned."""
    return abs(value - target) <= max(q.tolerance, q.rel_tolerance * abs(target), 1e-12)


@dataclass(frozen=True)
class ShownOption:
    key: str          # the letter this learner sees
    option: Option
    text: Text
    why: Text | None = None   # a wrong option: why choosing it is a mistake


@dataclass(frozen=True)
class ShownMistake:
    """A typical wrong answer in this variant: its value, and its ``why`` filled in."""

    index: int        # position in the question's ``mistakes``
    value: int | float
    why: Text


@dataclass(frozen=True, eq=False)
class QuestionVariant:
    """One question as one learner sees it, with its computed answer."""

    question: Question
    values: Mapping[str, object] = field(default_factory=dict)
    prompt: Text = Text("", "")
    explanation: Text = Text("", "")
    options: tuple[ShownOption, ...] = ()
    expected: object = None   # numeric: number; single: letter; multiple: frozenset of letters; short: accepted texts
    mistakes: tuple[ShownMistake, ...] = ()   # numeric: the question's mistakes that differ from the answer here

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def points(self) -> int:
        return self.question.points

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def expected_text(self, with_tolerance: bool = True) -> str:
        """The answer as shown to a learner: 47; 0.665241 (± 0.001); a, c; the first accepted text."""
        if self.kind == "numeric":
            q = self.question
            tol = max(q.tolerance, q.rel_tolerance * abs(self.expected))
            shown = with_tolerance and tol >= 1e-4 * max(1.0, abs(self.expected))
            return format_number(self.expected) + (f" (± {format_number(tol)})" if shown else "")
        if self.kind == "multiple":
            return ", ".join(sorted(self.expected))
        if self.kind == "short":
            return self.expected[0]
        return self.expected


@dataclass(frozen=True, eq=False)
class QuizVariant:
    quiz: Quiz
    learner: str
    seed: int
    questions: tuple[QuestionVariant, ...]

    def question(self, qid: str) -> QuestionVariant:
        for qv in self.questions:
            if qv.id == qid:
                return qv
        raise KeyError(qid)


def draw_values(q: Question, seed: int) -> dict[str, object]:
    """The question's numbers for this seed: params drawn, lets computed, redrawn until ``require`` holds."""
    for attempt in range(MAX_REDRAWS):
        values: dict[str, object] = {
            p.name: p.value(draw_index(p.count, seed, q.id, p.name, attempt)) for p in q.params}
        for name, source in q.lets:
            values[name] = evaluate(source, values)
        if q.require is None or evaluate(q.require, values):
            return values
        if not q.params:
            break
    raise QuizError(f"question {q.id!r}: no draw satisfies require = {q.require!r}")


class Shown:
    """A drawn value inside a text: ``{x}`` writes it as a person would (47, 0.3, True),
    ``{x:p}`` puts a negative number in parentheses (3·(-1)²), other specs as in format()."""

    def __init__(self, value: object):
        self.value = value

    def __format__(self, spec: str) -> str:
        if spec == "p":
            text = format_number(self.value)
            return f"({text})" if isinstance(self.value, (int, float)) and self.value < 0 else text
        return format(self.value, spec) if spec else format_number(self.value)


def _fill(text: Text, values: Mapping[str, object], templated: bool) -> Text:
    if not templated:
        return text
    shown = {k: Shown(v) for k, v in values.items()}
    return Text(text.en.format_map(shown), text.ko.format_map(shown))


def _order(q: Question, seed: int) -> list[Option]:
    options = list(q.options)
    if q.shuffle:
        for i in range(len(options) - 1, 0, -1):      # Fisher-Yates, driven by sha256
            j = draw_index(i + 1, seed, q.id, "shuffle", i)
            options[i], options[j] = options[j], options[i]
    return options


def _mistakes(q: Question, values: Mapping[str, object], expected: float) -> tuple[ShownMistake, ...]:
    """The mistakes of this variant, each computed from the drawn values; one that gives the right
    answer here is left out. A mistake's ``why`` is always filled in (it has {answer} and {mistake})."""
    found = []
    for i, m in enumerate(q.mistakes):
        try:
            value = evaluate(m.answer, values)
        except ExprError as e:
            raise QuizError(f"question {q.id!r}, mistake {i + 1}: {e}") from None
        if isinstance(value, bool) or not math.isfinite(value):
            raise QuizError(f"question {q.id!r}, mistake {i + 1}: not a finite number ({value!r})")
        if within_tolerance(q, value, expected):
            continue
        why = _fill(m.why, {**values, "answer": expected, "mistake": value}, True)
        found.append(ShownMistake(i, value, why))
    return tuple(found)


def make_question(q: Question, seed: int) -> QuestionVariant:
    values = draw_values(q, seed)
    templated = bool(q.params or q.lets)
    shown = tuple(ShownOption(LETTERS[i], o, _fill(o.text, values, templated),
                              _fill(o.why, values, templated) if o.why else None)
                  for i, o in enumerate(_order(q, seed)))
    if q.kind == "numeric":
        expected = evaluate(q.answer, values)
        if isinstance(expected, bool) or not math.isfinite(expected):
            raise QuizError(f"question {q.id!r}: the answer is not a finite number ({expected!r})")
    elif q.kind == "single":
        expected = next(s.key for s in shown if s.option.correct)
    elif q.kind == "multiple":
        expected = frozenset(s.key for s in shown if s.option.correct)
    else:
        expected = tuple(a.format_map(values) if templated else a for a in q.accept)
    mistakes = _mistakes(q, values, expected) if q.kind == "numeric" else ()
    qv = QuestionVariant(q, values, _fill(q.prompt, values, templated), Text("", ""), shown, expected,
                         mistakes)
    answer = qv.expected_text(with_tolerance=False)
    return replace(qv, explanation=_fill(q.explanation, {**values, "answer": answer}, templated))


def make_variant(quiz: Quiz, seed: int, learner: str = "") -> QuizVariant:
    """The quiz as drawn from ``seed``."""
    try:
        questions = tuple(make_question(q, seed) for q in quiz.questions)
    except (ExprError, KeyError, IndexError, ValueError) as e:
        raise QuizError(f"{quiz.path.name}: cannot build the variant for seed {seed}: {e}") from None
    return QuizVariant(quiz, learner, seed, questions)


def variant_for(quiz: Quiz, learner: str) -> QuizVariant:
    """This learner's own variant: the same every time, different from their neighbours'."""
    return make_variant(quiz, quiz_seed(learner, quiz.id), learner)
