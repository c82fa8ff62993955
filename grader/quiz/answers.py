"""Reading one answer, typed or from a file, into a value the grader can compare.

A bad answer never raises anything but :class:`AnswerProblem`, whose message
says, in English and Korean, what was read and what to write instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from grader.i18n import Text, eun_neun
from grader.quiz.expr import ExprError, evaluate
from grader.quiz.variants import QuestionVariant, format_number

PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_TEXT = 300


class AnswerProblem(ValueError):
    """An answer that cannot be read; carries a message for the learner."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Answer:
    value: object   # numeric: int/float; single: a letter; multiple: frozenset of letters; short: normalized text
    text: str       # how it is shown and stored
    saved: object   # how it is written to the answers file


HOW = {
    "single": Text("one letter, e.g. b", "글자 하나 (예: b)"),
    "multiple": Text("every letter that applies, e.g. a,c", "해당하는 글자 모두 (예: a,c)"),
    "numeric": Text("a number, e.g. 47 or 0.25 (arithmetic such as 3000/64 works too)",
                    "숫자 (예: 47, 0.25; 3000/64 같은 계산식도 됩니다)"),
    "short": Text("a short text (case and spaces do not matter)", "짧은 글 (대소문자와 띄어쓰기는 상관없음)"),
}


def _shown(raw: object) -> str:
    text = raw if isinstance(raw, str) else repr(raw)
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


def _finite(value: int | float) -> bool:
    """A number a float can hold: an int such as 10**400 is not (comparing it would overflow)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def parse_number(text: str) -> int | float:
    """A number a person typed: 47, 3,000, 1e-3, 3000/64, sqrt(2), √2, 2^10. AnswerProblem otherwise."""
    src = unicodedata.normalize("NFKC", text).strip()
    src = src.replace("−", "-").replace("×", "*").replace("÷", "/").replace("^", "**")
    src = re.sub(r"√\s*(\d+(?:\.\d+)?)", r"sqrt(\1)", src).replace("√", "sqrt")
    if GROUPED.match(src):
        src = src.replace(",", "")
    problem = AnswerProblem(Text(
        f"{_shown(text)} is not a number. Write just the number, e.g. 47 or 0.25 "
        "(arithmetic such as 3000/64 or sqrt(2) works too; no units or words).",
        f"{_shown(text)}{eun_neun(_shown(text))} 숫자가 아닙니다. 숫자만 쓰세요. 예: 47, 0.25 "
        "(3000/64, sqrt(2) 같은 계산식도 됩니다. 단위나 글자는 빼세요)."))
    if not src or len(src) > MAX_TEXT:
        raise problem
    try:
        value = evaluate(src, {})
    except ExprError:
        raise problem from None
    if isinstance(value, bool):
        raise problem
    if not _finite(value):
        raise AnswerProblem(Text(f"{_shown(text)} is not a finite number.",
                                 f"{_shown(text)}{eun_neun(_shown(text))} 유한한 숫자가 아닙니다."))
    return value


def _numeric(raw: object) -> Answer:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not _finite(raw):
            raise AnswerProblem(Text(f"{_shown(raw)} is not a finite number.",
                                     f"{_shown(raw)}{eun_neun(_shown(raw))} 유한한 숫자가 아닙니다."))
        return Answer(raw, format_number(raw), raw)
    if not isinstance(raw, str):
        raise _wrong_type(raw, "numeric")
    value = parse_number(raw)
    plain = PLAIN_NUMBER.match(raw.strip())
    if plain:
        return Answer(value, format_number(value), value)
    return Answer(value, f"{raw.strip()} = {format_number(value)}", raw.strip())


def _tokens(raw: object, keys: tuple[str, ...], kind: str) -> list[str]:
    if isinstance(raw, list) and all(isinstance(t, str) for t in raw):
        parts = raw
    elif isinstance(raw, str):
        parts = re.split(r"[\s,;/]+", raw)
    else:
        raise _wrong_type(raw, kind)
    tokens = []
    for part in parts:
        token = unicodedata.normalize("NFKC", part).strip().strip("()[].").casefold()
        if len(token) > 1 and all(ch in keys for ch in token):
            tokens.extend(token)           # "ac" means a and c
        elif token:
            tokens.append(token)
    unknown = [t for t in tokens if t not in keys]
    if unknown:
        listed = ", ".join(keys)
        raise AnswerProblem(Text(
            f"There is no option {', '.join(map(repr, unknown))}: the options are {listed}.",
            f"{', '.join(map(repr, unknown))}라는 보기는 없습니다: 보기는 {listed}입니다."))
    if not tokens:
        raise AnswerProblem(Text(f"No option was chosen: write {HOW[kind].en}.",
                                 f"고른 보기가 없습니다. 이렇게 쓰세요: {HOW[kind].ko}."))
    return tokens


def _single(raw: object, keys: tuple[str, ...]) -> Answer:
    tokens = _tokens(raw, keys, "single")
    if len(set(tokens)) != 1:
        raise AnswerProblem(Text(
            f"Choose exactly one option (one of {', '.join(keys)}), not {_shown(raw)}.",
            f"보기 하나만 고르세요({', '.join(keys)} 중 하나). {_shown(raw)}{eun_neun(_shown(raw))} 안 됩니다."))
    return Answer(tokens[0], tokens[0], tokens[0])


def _multiple(raw: object, keys: tuple[str, ...]) -> Answer:
    chosen = sorted(set(_tokens(raw, keys, "multiple")))
    return Answer(frozenset(chosen), ",".join(chosen), chosen)


def normalize_short(text: str, ignore: str = "") -> str:
    """Compare short answers without case, spaces, quotes, or the question's ignored characters."""
    def norm(s: str) -> str:
        return unicodedata.normalize("NFKC", s).casefold().replace("×", "x")
    dropped = set(norm(ignore)) | set("`'\"")
    return "".join(ch for ch in norm(text) if not ch.isspace() and ch not in dropped)


def _short(raw: object, ignore: str) -> Answer:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = format_number(raw)
    if not isinstance(raw, str):
        raise _wrong_type(raw, "short")
    text = " ".join(raw.split())
    if not normalize_short(text, ignore):
        raise AnswerProblem(Text("The answer is empty.", "답이 비어 있습니다."))
    if len(text) > MAX_TEXT:
        raise AnswerProblem(Text(f"The answer is longer than {MAX_TEXT} characters.",
                                 f"답이 {MAX_TEXT}자보다 깁니다."))
    return Answer(normalize_short(text, ignore), text, text)


def _wrong_type(raw: object, kind: str) -> AnswerProblem:
    return AnswerProblem(Text(f"Cannot read {_shown(raw)} as an answer here: write {HOW[kind].en}.",
                              f"{_shown(raw)}{eun_neun(_shown(raw))} 이 문제의 답으로 읽을 수 없습니다. 이렇게 쓰세요: {HOW[kind].ko}."))


def parse_answer(qv: QuestionVariant, raw: object) -> Answer:
    """The learner's answer to ``qv``; AnswerProblem if it cannot be read."""
    if qv.kind == "numeric":
        return _numeric(raw)
    if qv.kind == "single":
        return _single(raw, qv.keys)
    if qv.kind == "multiple":
        return _multiple(raw, qv.keys)
    return _short(raw, qv.question.ignore)
