"""What a quiz is: frozen records loaded from ``exercises/quizzes/<id>.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.i18n import Text

KINDS = ("single", "multiple", "numeric", "short")


class QuizError(ValueError):
    """The quiz bank is malformed, a name is not in it, or an answers file cannot be read."""


@dataclass(frozen=True)
class ParamSpec:
    """One number drawn per learner: from ``choices``, or ``low..high`` (inclusive) in ``step``s."""

    name: str
    choices: tuple = ()
    low: int | float = 0
    high: int | float = 0
    step: int | float = 1

    @property
    def count(self) -> int:
        if self.choices:
            return len(self.choices)
        return int((self.high - self.low) / self.step + 1e-9) + 1

    def value(self, index: int) -> int | float | bool:
        if self.choices:
            return self.choices[index]
        v = self.low + index * self.step
        return v if isinstance(v, int) else round(v, 10)


@dataclass(frozen=True)
class Option:
    """A choice as authored; ``id`` is stable, the letter a learner sees may be shuffled."""

    id: str
    text: Text
    correct: bool
    why: Text | None = None        # a wrong option: the misconception behind choosing it


@dataclass(frozen=True)
class Mistake:
    """A typical wrong numeric answer: ``answer`` computes it per variant, ``why`` names the misconception."""

    answer: str                    # an expression over the question's params and lets
    why: Text                      # may hold {name}, {answer} (the right answer) and {mistake}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str                      # one of KINDS
    prompt: Text                   # may hold {name} placeholders for params and lets
    explanation: Text              # shown after answering; may hold {name} and {answer}
    points: int = 1
    options: tuple[Option, ...] = ()   # single / multiple
    shuffle: bool = True               # single / multiple: options in a per-learner order
    params: tuple[ParamSpec, ...] = ()  # numeric / short templates
    lets: tuple[tuple[str, str], ...] = ()  # derived values: (name, expression), in order
    require: str | None = None     # a draw is redrawn until this expression is true
    answer: str | None = None      # numeric: the expression that computes the answer
    tolerance: float = 0.0         # numeric: absolute tolerance
    rel_tolerance: float = 1e-9    # numeric: relative tolerance
    accept: tuple[str, ...] = ()   # short: accepted answers (may hold {name})
    ignore: str = ""               # short: characters removed before comparing
    mistakes: tuple[Mistake, ...] = ()  # numeric: typical wrong answers and why they are wrong

    @property
    def is_template(self) -> bool:
        return bool(self.params)


@dataclass(frozen=True)
class Quiz:
    id: str
    order: int
    title: Text
    topic: Text
    questions: tuple[Question, ...]
    path: Path
    sha256: str                    # of the TOML file: which version of the quiz graded an attempt

    @property
    def max_score(self) -> int:
        return sum(q.points for q in self.questions)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)
