"""The quiz bank: every ``exercises/quizzes/<id>.toml`` loaded, validated and kept in order."""

from __future__ import annotations

import difflib
import hashlib
import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path

from grader import paths
from grader.i18n import Text
from grader.quiz.expr import CONSTANTS, FUNCTIONS, ExprError, names_used, parse
from grader.quiz.model import KINDS, Mistake, Option, ParamSpec, Question, Quiz, QuizError
from grader.quiz.variants import LETTERS, make_question

ID = re.compile(r"^[a-z][a-z0-9_]*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
QUIZ_KEYS = {"id", "order", "title", "topic", "questions"}
QUESTION_KEYS = {"id", "kind", "prompt", "explanation", "points", "options", "shuffle", "params",
                 "let", "require", "answer", "tolerance", "rel_tolerance", "accept", "ignore", "mistakes"}
OPTION_KEYS = {"id", "en", "ko", "correct", "why"}
MISTAKE_KEYS = {"answer", "why"}
RESERVED = set(FUNCTIONS) | set(CONSTANTS) | {"answer", "mistake"}
SAMPLE_SEEDS = range(12)   # every template is built for these seeds when the bank loads


def _text(raw: dict, where: str, key: str) -> Text:
    value = raw.get(key)
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k].strip()
                                              for k in ("en", "ko")):
        raise QuizError(f"{where}: '{key}' needs a non-empty 'en' and 'ko' string")
    return Text(value["en"], value["ko"])


def _number(raw: dict, where: str, key: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise QuizError(f"{where}: '{key}' must be a number >= 0")
    return value


def _param(name: str, spec: object, where: str) -> ParamSpec:
    where = f"{where}, param {name!r}"
    if not NAME.match(name) or name in RESERVED:
        raise QuizError(f"{where}: not a usable name")
    if not isinstance(spec, dict):
        raise QuizError(f"{where}: write {{ choices = [...] }} or {{ min = .., max = .., step = .. }}")
    if "choices" in spec:
        choices = spec["choices"]
        if set(spec) != {"choices"} or not isinstance(choices, list) or not choices or \
                not all(isinstance(c, (int, float, bool)) for c in choices):
            raise QuizError(f"{where}: 'choices' must be a non-empty list of numbers or booleans")
        return ParamSpec(name, choices=tuple(choices))
    low, high, step = spec.get("min"), spec.get("max"), spec.get("step", 1)
    numbers = (low, high, step)
    if set(spec) - {"min", "max", "step"} or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers) \
            or step <= 0 or high < low:
        raise QuizError(f"{where}: needs numbers min <= max and step > 0")
    return ParamSpec(name, low=low, high=high, step=step)


def _options(raw: dict, where: str, kind: str) -> tuple[Option, ...]:
    items = raw.get("options")
    if not isinstance(items, list) or not 2 <= len(items) <= len(LETTERS):
        raise QuizError(f"{where}: a {kind} question needs 2 to {len(LETTERS)} options")
    options = []
    for i, item in enumerate(items):
        at = f"{where}, option {i + 1}"
        if not isinstance(item, dict) or set(item) - OPTION_KEYS:
            raise QuizError(f"{at}: write {{ id = .., en = .., ko = .., correct = true }} "
                            f"(a wrong option may add why = {{ en = .., ko = .. }})")
        oid = item.get("id")
        if not isinstance(oid, str) or not ID.match(oid):
            raise QuizError(f"{at}: 'id' must be a lower-case identifier")
        if not isinstance(item.get("correct", False), bool):
            raise QuizError(f"{at}: 'correct' must be true or false")
        why = None
        if "why" in item:
            if item.get("correct", False):
                raise QuizError(f"{at} ({oid}): 'why' explains a wrong choice; a correct option has none")
            why = _text(item, f"{at} ({oid})", "why")
        options.append(Option(oid, _text({"t": item}, at, "t"), item.get("correct", False), why))
    if len({o.id for o in options}) != len(options):
        raise QuizError(f"{where}: option ids must be unique")
    n_correct = sum(o.correct for o in options)
    if kind == "single" and n_correct != 1:
        raise QuizError(f"{where}: a single-choice question needs exactly one correct option")
    if kind == "multiple" and n_correct < 1:
        raise QuizError(f"{where}: a multiple-choice question needs at least one correct option")
    return tuple(options)


def _expression(value: object, at: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)
    if not isinstance(value, str):
        raise QuizError(f"{at}: must be an expression (text) or a number")
    try:
        parse(value)
    except ExprError as e:
        raise QuizError(f"{at}: {e}") from None
    return value


def _placeholders(text: Text, at: str, known: set[str]) -> None:
    """Every ``{name}`` in ``text`` must be one of ``known``; QuizError names the first that is not."""
    for lang in ("en", "ko"):
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(text.get(lang)) if name is not None]
        except ValueError as e:
            raise QuizError(f"{at}.{lang}: not a valid template ({e}); write literal braces as {{{{ }}}}") \
                from None
        for name in fields:
            if name not in known:
                raise QuizError(f"{at}.{lang}: unknown placeholder {{{name}}}; "
                                f"use one of {', '.join('{' + k + '}' for k in sorted(known))}")


def _mistakes(raw: dict, where: str, kind: str, names: set[str]) -> tuple[Mistake, ...]:
    items = raw.get("mistakes", [])
    if items and kind != "numeric":
        raise QuizError(f"{where}: 'mistakes' belong to numeric questions only "
                        f"(a choice question gives its wrong options a 'why')")
    if not isinstance(items, list):
        raise QuizError(f"{where}: write each mistake as a [[questions.mistakes]] table")
    mistakes = []
    for i, item in enumerate(items):
        at = f"{where}, mistake {i + 1}"
        if not isinstance(item, dict):
            raise QuizError(f"{at}: write [[questions.mistakes]] with answer = .., why.en = .., why.ko = ..")
        unknown = set(item) - MISTAKE_KEYS
        if unknown:
            raise QuizError(f"{at}: unknown key(s) {', '.join(sorted(unknown))}")
        if "answer" not in item:
            raise QuizError(f"{at}: needs 'answer', the expression that computes the mistaken value")
        source = _expression(item["answer"], f"{at}, answer")
        unknown_names = names_used(source) - names - set(CONSTANTS)
        if unknown_names:
            raise QuizError(f"{at}, answer: unknown name(s) {', '.join(map(repr, sorted(unknown_names)))}")
        why = _text(item, at, "why")
        _placeholders(why, f"{at}, why", names | {"answer", "mistake"})
        mistakes.append(Mistake(source, why))
    if len({m.answer.replace(" ", "") for m in mistakes}) != len(mistakes):
        raise QuizError(f"{where}: two mistakes have the same answer")
    return tuple(mistakes)


def load_question(raw: object, where: str) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: each [[questions]] entry must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID.match(qid):
        raise QuizError(f"{where}: 'id' must be a lower-case identifier like 'updates_per_epoch'")
    where = f"{where} ({qid})"
    unknown = set(raw) - QUESTION_KEYS
    if unknown:
        raise QuizError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise QuizError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
    points = raw.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise QuizError(f"{where}: 'points' must be an integer >= 1")
    choice = kind in ("single", "multiple")
    if choice != ("options" in raw):
        raise QuizError(f"{where}: options belong to single and multiple choice questions only")
    if (kind == "numeric") != ("answer" in raw):
        raise QuizError(f"{where}: a numeric question (and only one) needs 'answer'")
    if (kind == "short") != ("accept" in raw):
        raise QuizError(f"{where}: a short question (and only one) needs 'accept'")
    params_raw, lets_raw = raw.get("params", {}), raw.get("let", {})
    if not isinstance(params_raw, dict) or not isinstance(lets_raw, dict):
        raise QuizError(f"{where}: 'params' and 'let' must be tables")
    params = tuple(_param(name, spec, where) for name, spec in params_raw.items())
    lets = []
    for name, source in lets_raw.items():
        if not NAME.match(name) or name in RESERVED or name in params_raw:
            raise QuizError(f"{where}, let {name!r}: not a usable name")
        lets.append((name, _expression(source, f"{where}, let {name!r}")))
    accept = raw.get("accept", [])
    if kind == "short" and (not isinstance(accept, list) or not accept
                            or not all(isinstance(a, str) and a.strip() for a in accept)):
        raise QuizError(f"{where}: 'accept' must be a non-empty list of answers")
    ignore, shuffle = raw.get("ignore", ""), raw.get("shuffle", True)
    if not isinstance(ignore, str) or not isinstance(shuffle, bool):
        raise QuizError(f"{where}: 'ignore' must be text and 'shuffle' true or false")
    return Question(
        id=qid, kind=kind, prompt=_text(raw, where, "prompt"),
        explanation=_text(raw, where, "explanation"), points=points,
        options=_options(raw, where, kind) if choice else (), shuffle=shuffle,
        params=params, lets=tuple(lets),
        require=_expression(raw["require"], f"{where}, require") if "require" in raw else None,
        answer=_expression(raw["answer"], f"{where}, answer") if kind == "numeric" else None,
        tolerance=_number(raw, where, "tolerance", 0.0),
        rel_tolerance=_number(raw, where, "rel_tolerance", 1e-9),
        accept=tuple(accept), ignore=ignore,
        mistakes=_mistakes(raw, where, kind, {p.name for p in params} | {name for name, _ in lets}))


def _try_build(q: Question, where: str) -> None:
    """Build the question for a few seeds, so a broken template fails when the bank loads."""
    used: set[int] = set()
    for seed in SAMPLE_SEEDS if (q.params or q.lets) else (0,):
        try:
            used |= {m.index for m in make_question(q, seed).mistakes}
        except (ExprError, QuizError, KeyError, IndexError, ValueError) as e:
            raise QuizError(f"{where} ({q.id}): cannot be built for seed {seed}: {e!r}") from None
    for i, _ in enumerate(q.mistakes):
        if i not in used:
            raise QuizError(f"{where} ({q.id}), mistake {i + 1}: its value is the right answer in every "
                            f"variant tried, so it would never be shown")


def load_quiz(path: Path, check_variants: bool = True) -> Quiz:
    """One quiz file, validated; QuizError says what is wrong and where. ``check_variants``
    also builds every question for several seeds (a third of a second for the bank): the
    course's self-check and tests do; grading a class, which only reads the bank, does not."""
    where = str(path)
    try:
        data = path.read_bytes()
        raw = tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise QuizError(f"{where}: {e}") from None
    if raw.get("id") != path.stem:
        raise QuizError(f"{where}: id {raw.get('id')!r} differs from the file name")
    unknown = set(raw) - QUIZ_KEYS
    if unknown:
        raise QuizError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if isinstance(raw.get("order"), bool) or not isinstance(raw.get("order"), int):
        raise QuizError(f"{where}: 'order' must be an integer")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        raise QuizError(f"{where}: a quiz needs at least one [[questions]] entry")
    questions = tuple(load_question(item, f"{where}, question {i + 1}") for i, item in enumerate(items))
    if len({q.id for q in questions}) != len(questions):
        raise QuizError(f"{where}: question ids must be unique")
    for q in questions if check_variants else ():
        _try_build(q, where)
    return Quiz(id=raw["id"], order=raw["order"], title=_text(raw, where, "title"),
                topic=_text(raw, where, "topic"), questions=questions, path=path,
                sha256=hashlib.sha256(data).hexdigest())


@lru_cache(maxsize=None)
def load_quizzes(root: Path = paths.QUIZZES_DIR, check_variants: bool = False) -> tuple[Quiz, ...]:
    """Every quiz under ``root``, in order (``check_variants``: as ``load_quiz``)."""
    if not root.is_dir():
        return ()
    found = [load_quiz(p, check_variants) for p in sorted(root.glob("*.toml"))]
    orders = [q.order for q in found]
    if len(set(orders)) != len(orders):
        raise QuizError(f"{root}: two quizzes share an order number")
    return tuple(sorted(found, key=lambda q: q.order))


def get_quiz(name: str, root: Path = paths.QUIZZES_DIR) -> Quiz:
    """The quiz called ``name``, or a QuizError that suggests the closest names."""
    quizzes = load_quizzes(root)
    for quiz in quizzes:
        if quiz.id == name:
            return quiz
    close = difflib.get_close_matches(name, [q.id for q in quizzes], n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise QuizError(f"No quiz called {name!r}.{hint} Run `learn list` to see them all.")
