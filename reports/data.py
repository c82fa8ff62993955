"""The store, the assignment, the catalog and the quiz bank turned into plain records for the pages.

Every query the reports make is here, and each is served by an index (``attempts`` by
learner and item, ``check_results`` and ``quiz_answers`` by attempt id); lists of ids
travel as one JSON array (``json_each``), never as thousands of placeholders. The
gradebook's rules (best attempt, weighted total, late, missing) are reused from
``grader.gradebook``, never recomputed. The records are frozen dataclasses and tuples:
templates render them and never query anything.

Which learners count: *learners with work* are the gradebook's rows that are not
missing (a roster learner with nothing graded is listed apart, and not counted in the
class statistics); an item a learner with work did not submit counts 0 for them.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from grader import gradebook as gradebook_mod
from grader.assignment import Assignment
from grader.gradebook import Cell, Gradebook
from reports import stats

PASSED = "passed"
#: check outcomes that are neither a pass nor a failure
NOT_COUNTED = ("skipped",)
#: an item is flagged when its mean is above / below these, or its discrimination below the last
EASY, HARD, LOW_DISCRIMINATION = 0.9, 0.3, 0.2
#: the most learner names listed beside one mistake on an exercise page
NAMES_SHOWN = 20
#: the longest example message an exercise page shows for one check
MESSAGE_SHOWN = 600


# ---------------------------------------------------------------------------------- file names
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")


def slug(name: str) -> str:
    """A file-name-safe stand-in for ``name``: ASCII letters, digits and dashes, at most 32."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:32].strip("-")
    return out or "learner"


def learner_file(name: str) -> str:
    """The page of learner ``name``: a slug plus a short hash of the exact name (so two names that
    slug alike never share a page); never the raw name, whatever it holds."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug(name)}-{digest}.html"


def item_file(item_id: str) -> str:
    """The page of an item: its id when that is a plain identifier, else a slug and a hash."""
    return f"{item_id}.html" if _SAFE_ID.match(item_id) else learner_file(item_id)


# ---------------------------------------------------------------------------------- the course
@dataclass(frozen=True)
class Item:
    id: str
    kind: str            # "exercise" | "quiz"
    weight: float
    title: str
    concept: str         # an exercise's concept, a quiz's topic
    file: str            # its page, inside items/


@lru_cache(maxsize=None)
def _course() -> tuple[dict, dict]:
    from grader import catalog
    from grader.quiz import list_quizzes
    return {e.id: e for e in catalog.load_catalog()}, {q.id: q for q in list_quizzes()}


def exercise(item_id: str):
    return _course()[0].get(item_id)


def quiz(item_id: str):
    return _course()[1].get(item_id)


def items_of(assignment: Assignment, lang: str) -> tuple[Item, ...]:
    out = []
    for a in assignment.items:
        source = exercise(a.id) if a.kind == "exercise" else quiz(a.id)
        title = source.title.get(lang) if source else (a.title or a.id)
        concept = (source.concept if a.kind == "exercise" else source.topic).get(lang) if source else ""
        out.append(Item(a.id, a.kind, a.weight, title, concept, item_file(a.id)))
    return tuple(out)


@lru_cache(maxsize=None)
def known_mistakes(exercise_id: str) -> dict[str, str]:
    """The ``KNOWN_MISTAKES`` a hidden suite declares (id -> what the learner did), read from its
    source without importing it; {} when there is none."""
    ex = exercise(exercise_id)
    if ex is None:
        return {}
    try:
        tree = ast.parse(ex.hidden_path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "KNOWN_MISTAKES" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return {}
            return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
    return {}


def describe_mistake(qualified: str) -> str:
    """What a named mistake (``softmax.no_max_subtracted``) means, from its suite; else its id."""
    item, _, short = qualified.partition(".")
    return known_mistakes(item).get(short, "") if short else ""


# ---------------------------------------------------------------------------------- attempts
class Attempt(NamedTuple):
    id: int
    learner: str
    item: str
    score: int
    max_score: int
    status: str
    when: str | None          # when its file last changed (or, when unknown, when it was graded)
    submission: str | None    # sha256 of the submission

    @property
    def share(self) -> float:
        return (self.score or 0) / self.max_score if self.max_score else 0.0


_ATTEMPT_COLUMNS = ("id, learner, exercise, coalesce(score, 0), coalesce(max_score, 0), status,"
                    " coalesce(submitted_at, finished_at), submission_sha256")


def attempts(store, items: tuple[str, ...], learner: str | None = None) -> list[Attempt]:
    """Every attempt at ``items`` (of ``learner``, when given), oldest first."""
    where = "exercise in (select value from json_each(?))"
    args: list = [json.dumps(list(items))]
    if learner is not None:
        where = "learner = ? and " + where
        args.insert(0, learner)
    rows = store.conn.execute(f"select {_ATTEMPT_COLUMNS} from attempts where {where} order by id", args)
    return [Attempt._make(r) for r in rows]


def _ids(values) -> str:
    return json.dumps(sorted(set(values)))


# ---------------------------------------------------------------------------------- the class
@dataclass(frozen=True)
class LearnerRef:
    name: str
    file: str
    missing: bool


@dataclass(frozen=True)
class ClassData:
    """Everything the class page and the item pages are made of, read in a few queries."""

    title: str
    due: str | None
    lang: str
    items: tuple[Item, ...]
    book: Gradebook
    learners: tuple[LearnerRef, ...]
    by_pair: dict            # (learner, item) -> [Attempt], oldest first
    checks: dict             # exercise id -> tuple[CheckStat]
    mistakes: dict           # exercise id -> tuple[MistakeStat]
    answers: dict            # quiz id -> [AnswerRow] of the best attempts

    @property
    def with_work(self) -> tuple:
        """The gradebook rows of learners with any graded work."""
        return tuple(r for r in self.book.rows if not r.missing)

    def ref(self, name: str) -> LearnerRef:
        return LearnerRef(name, learner_file(name), False)


def load_class(store, assignment: Assignment, lang: str = "en") -> ClassData:
    items = items_of(assignment, lang)
    book = gradebook_mod.build(store, assignment)
    by_pair: dict = defaultdict(list)
    for a in attempts(store, assignment.ids):
        by_pair[(a.learner, a.item)].append(a)
    best_ids = {c.best_attempt_id: (r.learner, c.item) for r in book.rows for c in r.cells.values()}
    exercises = tuple(i.id for i in items if i.kind == "exercise")
    quizzes = tuple(i.id for i in items if i.kind == "quiz")
    return ClassData(
        title=assignment.title, due=assignment.due.isoformat() if assignment.due else None, lang=lang,
        items=items, book=book,
        learners=tuple(LearnerRef(r.learner, learner_file(r.learner), r.missing) for r in book.rows),
        by_pair=dict(by_pair),
        checks=check_stats(store, exercises, [i for i, (_, item) in best_ids.items() if item in exercises],
                           lang),
        mistakes=mistake_stats(store, exercises, book),
        answers=answer_rows(store, [i for i, (_, item) in best_ids.items() if item in quizzes]))


# ---------------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class CheckStat:
    id: str
    max_points: int
    learners: int              # learners whose best attempt ran it (not skipped)
    passing: float | None      # share of them whose best attempt passes it
    attempts: int              # attempts that ran it
    failed: float | None       # share of those attempts that failed it
    message: str               # the latest failure's message ("" when it never failed)


def check_stats(store, exercises: tuple[str, ...], best_ids: list[int], lang: str) -> dict:
    """Per exercise, per check: pass share over best attempts, failure share over all attempts,
    and the latest failure's message; checks most failed first."""
    if not exercises:
        return {}
    over_all = store.conn.execute(
        "select a.exercise, c.check_id, max(c.max_points), count(*),"
        " sum(c.outcome not in ('passed', 'skipped')),"
        " max(case when c.outcome not in ('passed', 'skipped') then c.attempt_id end)"
        " from attempts a join check_results c on c.attempt_id = a.id"
        " where a.exercise in (select value from json_each(?)) and c.outcome != 'skipped'"
        " group by a.exercise, c.check_id", [json.dumps(list(exercises))]).fetchall()
    over_best = {(r[0], r[1]): (r[2], r[3]) for r in store.conn.execute(
        "select a.exercise, c.check_id, count(*), sum(c.outcome = 'passed')"
        " from attempts a join check_results c on c.attempt_id = a.id"
        " where a.id in (select value from json_each(?)) and c.outcome != 'skipped'"
        " group by a.exercise, c.check_id", [_ids(best_ids)])}
    column = "message_ko" if lang == "ko" else "message_en"
    out: dict = defaultdict(list)
    for item, check, points, n, failed, last_failed in over_all:
        message = ""
        if last_failed is not None:
            row = store.conn.execute(f"select {column} from check_results where attempt_id = ? and check_id = ?",
                                     [last_failed, check]).fetchone()
            message = _shorten(row[0] if row else "")
        learners, passing = over_best.get((item, check), (0, 0))
        out[item].append(CheckStat(check, points or 0, learners, passing / learners if learners else None,
                                   n, failed / n if n else None, message))
    return {item: tuple(sorted(rows, key=lambda c: (c.passing if c.passing is not None else 2, -(c.failed or 0),
                                                    c.id)))
            for item, rows in out.items()}


def _shorten(text: str | None, limit: int = MESSAGE_SHOWN) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------------------------- named mistakes
class MistakeRow(NamedTuple):
    attempt_id: int
    learner: str
    item: str
    check: str
    mistake: str


def mistake_rows(store, exercises: tuple[str, ...], learner: str | None = None) -> list[MistakeRow]:
    """Every check result that named a mistake, in attempts at ``exercises`` (of ``learner``)."""
    where = "a.exercise in (select value from json_each(?))"
    args: list = [json.dumps(list(exercises))]
    if learner is not None:
        where = "a.learner = ? and " + where
        args.insert(0, learner)
    return [MistakeRow._make(r) for r in store.conn.execute(
        "select c.attempt_id, a.learner, a.exercise, c.check_id, c.mistake"
        " from attempts a join check_results c on c.attempt_id = a.id"
        f" where {where} and c.mistake is not null and c.mistake != '' order by c.attempt_id", args)]


def passing_checks(store, attempt_ids) -> dict[int, set[str]]:
    """attempt id -> the checks it passed."""
    out: dict[int, set[str]] = defaultdict(set)
    for attempt_id, check in store.conn.execute(
            "select attempt_id, check_id from check_results where attempt_id in (select value from json_each(?))"
            " and outcome = 'passed'", [_ids(attempt_ids)]):
        out[attempt_id].add(check)
    return out


@dataclass(frozen=True)
class Made:
    """One learner's record of one named mistake at one item."""

    learner: str
    item: str
    mistake: str               # qualified: softmax.no_max_subtracted
    attempts: int              # attempts that made it
    first_attempt: int
    checks: frozenset          # the checks on which it was named
    fixed: bool                # their last attempt passes every one of those checks


def mistakes_made(rows: list[MistakeRow], last_attempt: dict, passed: dict[int, set[str]]) -> list[Made]:
    """Group ``rows`` per learner, item and mistake; ``last_attempt``: (learner, item) -> its
    last attempt id; ``passed``: attempt id -> checks it passed."""
    groups: dict = {}
    for r in rows:
        key = (r.learner, r.item, r.mistake)
        seen = groups.setdefault(key, [set(), set()])
        seen[0].add(r.attempt_id)
        seen[1].add(r.check)
    out = []
    for (learner, item, mistake), (ids, checks) in groups.items():
        last = last_attempt.get((learner, item))
        fixed = last is not None and last not in ids and checks <= passed.get(last, set())
        out.append(Made(learner, item, mistake, len(ids), min(ids), frozenset(checks), fixed))
    return out


@dataclass(frozen=True)
class MistakeStat:
    id: str                    # qualified
    what: str                  # from the suite's KNOWN_MISTAKES
    learners: tuple[str, ...]  # who made it, in order of their first attempt
    attempts: int
    fixed: int


def mistake_stats(store, exercises: tuple[str, ...], book: Gradebook) -> dict:
    rows = mistake_rows(store, exercises)
    last = {(r.learner, c.item): c.last_attempt_id for r in book.rows for c in r.cells.values()}
    relevant = {last[(r.learner, r.item)] for r in rows if (r.learner, r.item) in last}
    made = mistakes_made(rows, last, passing_checks(store, relevant))
    per: dict = defaultdict(lambda: defaultdict(list))
    for m in made:
        per[m.item][m.mistake].append(m)
    out = {}
    for item, by_id in per.items():
        stats_ = [MistakeStat(mid, describe_mistake(mid),
                              tuple(m.learner for m in sorted(ms, key=lambda m: m.first_attempt)),
                              sum(m.attempts for m in ms), sum(m.fixed for m in ms))
                  for mid, ms in by_id.items()]
        out[item] = tuple(sorted(stats_, key=lambda s: (-len(s.learners), -s.attempts, s.id)))
    return out


# ---------------------------------------------------------------------------------- quiz answers
class AnswerRow(NamedTuple):
    attempt_id: int
    question: str
    answer: str | None
    correct: int
    points: int
    max_points: int
    seed: int | None
    choice: str | None
    mistake: str | None


def answer_rows(store, attempt_ids) -> dict[int, list[AnswerRow]]:
    """attempt id -> its quiz answers."""
    out: dict[int, list[AnswerRow]] = defaultdict(list)
    for r in store.conn.execute(
            "select attempt_id, question_id, answer, coalesce(correct, 0), coalesce(points, 0),"
            " coalesce(max_points, 0), seed, choice, mistake from quiz_answers"
            " where attempt_id in (select value from json_each(?))", [_ids(attempt_ids)]):
        out[r[0]].append(AnswerRow._make(r))
    return dict(out)


def misconception(quiz_id: str, question_id: str, key: str, seed: int | None, lang: str) -> str:
    """The ``why`` behind a named wrong answer: an option id (its ``why``) or ``mistake<i>`` (the
    i-th typical numeric mistake), filled in for the variant ``seed`` where the text has
    placeholders."""
    q = quiz(quiz_id)
    try:
        question = q.question(question_id) if q else None
    except KeyError:
        question = None
    if question is None:
        return ""
    if key.startswith("mistake") and key[7:].isdigit():
        index = int(key[7:])
        if index >= len(question.mistakes):
            return ""
        shown = _variant(quiz_id, question_id, seed)
        found = [m for m in shown.mistakes if m.index == index] if shown else []
        return found[0].why.get(lang) if found else _unfilled(question.mistakes[index].why.get(lang))
    option = next((o for o in question.options if o.id == key), None)
    if option is None or option.why is None:
        return ""
    if not question.is_template:
        return option.why.get(lang)
    shown = _variant(quiz_id, question_id, seed)
    found = [o.why for o in shown.options if o.option.id == key and o.why] if shown else []
    return found[0].get(lang) if found else _unfilled(option.why.get(lang))


def _unfilled(text: str) -> str:
    return re.sub(r"\{(\w+)(?::[^}]*)?\}", r"\1", text)


@lru_cache(maxsize=4096)
def _variant(quiz_id: str, question_id: str, seed: int | None):
    from grader.quiz.variants import make_question
    if seed is None:
        return None
    try:
        return make_question(quiz(quiz_id).question(question_id), seed)
    except Exception:       # a bank changed since the attempt: show the text unfilled
        return None


# ---------------------------------------------------------------------------------- time
def when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def day(value: str | None) -> str:
    t = when(value)
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d") if t else ""


@dataclass(frozen=True)
class TimeBin:
    label: str                 # the first day of the period
    attempts: int
    passed: int


@dataclass(frozen=True)
class Timeline:
    bins: tuple[TimeBin, ...]
    top: int                   # the largest bin
    due_at: float | None       # where the due time falls, 0..1 across the bins; None: outside or none
    days_per_bin: int


def timeline(rows: list[Attempt], due: str | None, most_bins: int = 30) -> Timeline:
    """Attempts per period (a day, or several when the span is long), by when their file changed."""
    times = [t for t in (when(a.when) for a in rows) if t]
    if not times:
        return Timeline((), 0, None, 1)
    start = min(times).astimezone(dt.timezone.utc).date()
    end = max(times).astimezone(dt.timezone.utc).date()
    span = (end - start).days + 1
    step = max(1, math.ceil(span / most_bins))
    n = math.ceil(span / step)
    counts, passes = [0] * n, [0] * n
    for a in rows:
        t = when(a.when)
        if t is None:
            continue
        i = min(n - 1, (t.astimezone(dt.timezone.utc).date() - start).days // step)
        counts[i] += 1
        passes[i] += a.status == PASSED
    bins = tuple(TimeBin((start + dt.timedelta(days=i * step)).isoformat(), counts[i], passes[i]) for i in range(n))
    due_at = None
    d = when(due)
    if d is not None:
        offset = (d.astimezone(dt.timezone.utc) - dt.datetime.combine(start, dt.time(), dt.timezone.utc))
        frac = offset.total_seconds() / (n * step * 86400)
        due_at = frac if 0 <= frac <= 1 else None
    return Timeline(bins, max(counts), due_at, step)


# ---------------------------------------------------------------------------------- the pages
@dataclass(frozen=True)
class Flag:
    key: str                   # a label: flag_<key>
    detail: str                # a number or a check id, the same in every language


@dataclass(frozen=True)
class ItemStat:
    item: Item
    submitted: int             # learners with work who submitted it
    n: int                     # learners with work
    mean: float | None
    median: float | None
    pass_rate: float | None
    attempts_to_pass: float | None
    late: int
    discrimination: float | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class GridRow:
    learner: LearnerRef
    cells: tuple[Cell | None, ...]     # in the order of the items
    total: float
    out_of: float
    percent: float


@dataclass(frozen=True)
class ClassPage:
    title: str
    due: str | None
    items: tuple[Item, ...]
    rows: tuple[GridRow, ...]
    summary: stats.Summary
    item_stats: tuple[ItemStat, ...]
    missing: tuple[str, ...]
    others: tuple[str, ...]

    @property
    def flagged(self) -> tuple[ItemStat, ...]:
        return tuple(s for s in self.item_stats if s.flags)


def _item_scores(cd: ClassData, item: Item) -> tuple[list[float], list[float], list[float]]:
    """Over learners with work: the item's share (0 when not submitted), its weighted part, the total."""
    rows = cd.with_work
    shares = [r.cells[item.id].share if item.id in r.cells else 0.0 for r in rows]
    return shares, [s * item.weight for s in shares], [r.total for r in rows]


def item_stat(cd: ClassData, item: Item) -> ItemStat:
    rows = cd.with_work
    shares, weighted, totals = _item_scores(cd, item)
    cells = [r.cells[item.id] for r in rows if item.id in r.cells]
    to_pass = [stats.attempts_to_pass([a.status for a in cd.by_pair.get((r.learner, item.id), [])])
               for r in rows if item.id in r.cells]
    to_pass = [n for n in to_pass if n is not None]
    mean = stats.mean(shares)
    disc = stats.discrimination(weighted, totals)
    flags = []
    if not cells:
        flags.append(Flag("nobody", ""))
    else:
        if mean is not None and mean > EASY:
            flags.append(Flag("easy", f"{mean:.0%}"))
        if mean is not None and mean < HARD:
            flags.append(Flag("hard", f"{mean:.0%}"))
        if disc is not None and disc < LOW_DISCRIMINATION:
            flags.append(Flag("low_discrimination", f"{disc:.2f}"))
        if item.kind == "exercise":
            never = [c.id for c in cd.checks.get(item.id, ()) if c.learners and not c.passing]
            if never:
                flags.append(Flag("check_never_passed", ", ".join(never)))
        else:
            never = [q for q, right in _right_per_question(cd, item).items() if not right]
            if never:
                flags.append(Flag("question_never_right", ", ".join(never)))
    return ItemStat(item, len(cells), len(rows), mean, stats.median(shares),
                    sum(c.passed for c in cells) / len(rows) if rows else None,
                    stats.median(to_pass), sum(c.late for c in cells), disc, tuple(flags))


def _best_ids(cd: ClassData, item_id: str) -> list[int]:
    return [r.cells[item_id].best_attempt_id for r in cd.with_work if item_id in r.cells]


def _right_per_question(cd: ClassData, item: Item) -> dict[str, int]:
    right: dict[str, int] = {}
    for attempt_id in _best_ids(cd, item.id):
        for a in cd.answers.get(attempt_id, ()):
            right[a.question] = right.get(a.question, 0) + a.correct
    return right


def class_page(cd: ClassData) -> ClassPage:
    rows = tuple(GridRow(ref, tuple(r.cells.get(i.id) for i in cd.items), r.total, r.out_of, r.percent / 100)
                 for ref, r in zip(cd.learners, cd.book.rows))
    totals = [r.total / r.out_of if r.out_of else 0.0 for r in cd.with_work]
    return ClassPage(cd.title, cd.due, cd.items, rows, stats.summarize(totals),
                     tuple(item_stat(cd, i) for i in cd.items),
                     tuple(r.learner for r in cd.book.rows if r.missing), cd.book.others)


@dataclass(frozen=True)
class ItemPage:
    """What an exercise page and a quiz page share."""

    stat: ItemStat
    summary: stats.Summary             # of the best attempts of those who submitted it
    quintiles: tuple[float | None, ...]
    timeline: Timeline


def _item_page(cd: ClassData, item: Item) -> ItemPage:
    shares, _, totals = _item_scores(cd, item)
    submitted = [r.cells[item.id].share for r in cd.with_work if item.id in r.cells]
    rows = [a for r in cd.book.rows for a in cd.by_pair.get((r.learner, item.id), ())]
    return ItemPage(item_stat(cd, item), stats.summarize(submitted),
                    tuple(stats.quintile_means(totals, shares)), timeline(rows, cd.due))


@dataclass(frozen=True)
class ExercisePage:
    common: ItemPage
    checks: tuple[CheckStat, ...]
    mistakes: tuple[MistakeStat, ...]
    files: dict                       # learner -> page file, for the names listed


def exercise_page(cd: ClassData, item: Item) -> ExercisePage:
    mistakes = cd.mistakes.get(item.id, ())
    names = {n for m in mistakes for n in m.learners[:NAMES_SHOWN]}
    return ExercisePage(_item_page(cd, item), cd.checks.get(item.id, ()), mistakes,
                        {n: learner_file(n) for n in names})


@dataclass(frozen=True)
class OptionStat:
    id: str
    text: str
    correct: bool
    count: int
    share: float | None
    why: str


@dataclass(frozen=True)
class WrongStat:
    key: str                          # mistake<i>, or "" for other wrong answers
    why: str
    count: int
    examples: tuple[str, ...]         # a few answers as written (learner text)


@dataclass(frozen=True)
class QuestionStat:
    id: str
    kind: str
    prompt: str
    points: int
    n: int                            # best attempts that include it
    facility: float | None
    discrimination: float | None
    options: tuple[OptionStat, ...]
    wrong: tuple[WrongStat, ...]
    unanswered: int


@dataclass(frozen=True)
class QuizPage:
    common: ItemPage
    questions: tuple[QuestionStat, ...]
    alpha: float | None
    n: int


def quiz_page(cd: ClassData, item: Item) -> QuizPage:
    q = quiz(item.id)
    order = [x.id for x in q.questions] if q else []
    per_attempt = {i: {a.question: a for a in cd.answers.get(i, ())} for i in _best_ids(cd, item.id)}
    for answers in per_attempt.values():
        order += [qid for qid in answers if qid not in order]
    matrix = [[answers[qid].points if qid in answers else 0 for qid in order] for answers in per_attempt.values()]
    totals = [sum(row) for row in matrix]
    questions = []
    for j, qid in enumerate(order):
        rows = [answers[qid] for answers in per_attempt.values() if qid in answers]
        question = _question(q, qid)
        points = question.points if question else max((r.max_points for r in rows), default=1)
        scores = [row[j] for row in matrix]
        questions.append(QuestionStat(
            qid, question.kind if question else "", question.prompt.get(cd.lang) if question else "", points,
            len(rows), stats.facility([r.points for r in rows], points),
            stats.discrimination(scores, totals), _option_stats(item.id, question, rows, cd.lang),
            _wrong_stats(item.id, question, rows, cd.lang), sum(1 for r in rows if r.answer is None)))
    return QuizPage(_item_page(cd, item), tuple(questions), stats.cronbach_alpha(matrix), len(matrix))


def _question(q, qid: str):
    if q is None:
        return None
    try:
        return q.question(qid)
    except KeyError:
        return None


def _option_stats(quiz_id: str, question, rows: list[AnswerRow], lang: str) -> tuple[OptionStat, ...]:
    if question is None or not question.options:
        return ()
    counts: dict[str, int] = defaultdict(int)
    seeds: dict[str, int | None] = {}
    for r in rows:
        for oid in (r.choice or "").split(","):
            if oid:
                counts[oid] += 1
                seeds.setdefault(oid, r.seed)
    n = len(rows)
    return tuple(OptionStat(o.id, o.text.get(lang), o.correct, counts[o.id], counts[o.id] / n if n else None,
                            misconception(quiz_id, question.id, o.id, seeds.get(o.id), lang) if o.why else "")
                 for o in question.options)


def _wrong_stats(quiz_id: str, question, rows: list[AnswerRow], lang: str) -> tuple[WrongStat, ...]:
    """Numeric and short questions: the wrong answers, grouped by the named mistake behind them."""
    if question is None or question.options:
        return ()
    groups: dict[str, list[AnswerRow]] = defaultdict(list)
    for r in rows:
        if not r.correct and r.answer is not None:
            groups[r.mistake or ""].append(r)
    out = [WrongStat(key, misconception(quiz_id, question.id, key, rs[0].seed, lang) if key else "", len(rs),
                     tuple(dict.fromkeys(r.answer for r in rs))[:3])
           for key, rs in groups.items()]
    return tuple(sorted(out, key=lambda w: (w.key == "", -w.count, w.key)))


# ---------------------------------------------------------------------------------- learner pages
@dataclass(frozen=True)
class LearnerItem:
    item: Item
    cell: Cell | None
    last_score: int | None
    last_max: int | None
    attempts: int
    first_passed: str          # the day the file of the first passing attempt was last changed


@dataclass(frozen=True)
class Mastery:
    concept: str
    title: str
    share: float


@dataclass(frozen=True)
class LearnerMistake:
    item: Item
    id: str
    what: str
    attempts: int
    first_seen: str
    fixed: bool


@dataclass(frozen=True)
class CodeBlock:
    item: Item
    when: str
    text: str


@dataclass(frozen=True)
class QuizAnswer:
    question: str
    answer: str | None
    right: bool
    points: int
    max_points: int
    misconception: str


@dataclass(frozen=True)
class QuizAnswers:
    item: Item
    answers: tuple[QuizAnswer, ...]


@dataclass(frozen=True)
class NextStep:
    text: str
    command: str


@dataclass(frozen=True)
class LearnerPage:
    name: str
    total: float
    out_of: float
    percent: float
    missing: bool
    items: tuple[LearnerItem, ...]
    cumulative: tuple[tuple[str, float], ...]     # (when, total share) after each attempt
    mastery: tuple[Mastery, ...]
    mistakes: tuple[LearnerMistake, ...]
    code: tuple[CodeBlock, ...]
    quiz_answers: tuple[QuizAnswers, ...]
    next_steps: tuple[NextStep, ...] = ()


def learner_page(store, assignment: Assignment, items: tuple[Item, ...], row, lang: str,
                 rows: list[Attempt] | None = None) -> LearnerPage:
    """The page of the gradebook ``row``'s learner; ``rows``: their attempts at assigned items,
    oldest first (read from the store when not given)."""
    learner = row.learner
    if rows is None:
        rows = attempts(store, assignment.ids, learner)
    per_item: dict[str, list[Attempt]] = defaultdict(list)
    for a in rows:
        per_item[a.item].append(a)
    by_id = {i.id: i for i in items}
    lines = []
    for item in items:
        mine, cell = per_item.get(item.id, []), row.cells.get(item.id)
        passed = next((a.when for a in mine if a.status == PASSED), None)
        lines.append(LearnerItem(item, cell, mine[-1].score if mine else None, mine[-1].max_score if mine else None,
                                 len(mine), day(passed)))
    exercises = tuple(i.id for i in items if i.kind == "exercise")
    last = {(learner, i): a[-1].id for i, a in per_item.items()}
    made_rows = mistake_rows(store, exercises, learner) if rows else []
    need = {last[(learner, r.item)] for r in made_rows}
    made = mistakes_made(made_rows, last, passing_checks(store, need) if need else {})
    when_of = {a.id: a.when for a in rows}
    mistakes = tuple(LearnerMistake(by_id[m.item], m.mistake, describe_mistake(m.mistake), m.attempts,
                                    day(when_of.get(m.first_attempt)), m.fixed)
                     for m in sorted(made, key=lambda m: m.first_attempt))
    return LearnerPage(
        learner, row.total, row.out_of, row.percent / 100, row.missing, tuple(lines),
        _cumulative(assignment, rows), tuple(Mastery(i.concept, i.title, row.cells[i.id].share if i.id in row.cells
                                                     else 0.0) for i in items),
        mistakes, _code(store, items, per_item), _quiz_answers(store, items, row, lang))


def _cumulative(assignment: Assignment, rows: list[Attempt]) -> tuple[tuple[str, float], ...]:
    weight = {i.id: i.weight for i in assignment.items}
    out_of = assignment.total_weight or 1.0
    best: dict[str, float] = {}
    points = []
    for a in sorted(rows, key=lambda a: (a.when or "", a.id)):
        best[a.item] = max(best.get(a.item, 0.0), a.share)
        points.append((a.when or "", sum(weight[i] * s for i, s in best.items()) / out_of))
    return tuple(points)


def _code(store, items: tuple[Item, ...], per_item: dict) -> tuple[CodeBlock, ...]:
    last = {i.id: per_item[i.id][-1] for i in items if i.kind == "exercise" and per_item.get(i.id)}
    shas = [a.submission for a in last.values() if a.submission]
    if not shas:
        return ()
    texts = dict(store.conn.execute("select sha256, text from submissions where sha256 in"
                                    " (select value from json_each(?))", [json.dumps(shas)]).fetchall())
    return tuple(CodeBlock(i, day(last[i.id].when), texts[last[i.id].submission])
                 for i in items if i.id in last and last[i.id].submission in texts)


def _quiz_answers(store, items: tuple[Item, ...], row, lang: str) -> tuple[QuizAnswers, ...]:
    best = {c.best_attempt_id: c.item for c in row.cells.values() if c.item in {i.id for i in items if i.kind == "quiz"}}
    if not best:
        return ()
    answers = answer_rows(store, best)
    out = []
    for item in items:
        ids = [i for i, it in best.items() if it == item.id]
        if not ids:
            continue
        q = quiz(item.id)
        order = {x.id: n for n, x in enumerate(q.questions)} if q else {}
        got = sorted(answers.get(ids[0], []), key=lambda a: (order.get(a.question, len(order)), a.question))
        out.append(QuizAnswers(item, tuple(
            QuizAnswer(a.question, a.answer, bool(a.correct), a.points, a.max_points,
                       "; ".join(filter(None, (misconception(item.id, a.question, k, a.seed, lang)
                                               for k in (a.mistake or "").split(",") if k))))
            for a in got)))
    return tuple(out)


def next_steps(page: LearnerPage, store, labels: dict[str, str]) -> tuple[NextStep, ...]:
    """What a learner should do next: first what they started and have not passed (fix what fails,
    write what is still a stub, retake a quiz), then what they have not started; each in course order."""
    unfixed = {}
    for m in page.mistakes:
        if not m.fixed:
            unfixed.setdefault(m.item.id, m.what or m.id)
    started, later = [], []
    for line in page.items:
        item = line.item
        if line.cell is not None and line.cell.passed:
            continue
        if item.kind == "quiz":
            score = f"{line.cell.score}/{line.cell.max_score}" if line.cell else "0"
            (started if line.attempts else later).append(
                NextStep(labels["next_quiz"].format(title=item.title, score=score), f"learn quiz {item.id}"))
        elif not line.attempts:
            later.append(NextStep(labels["next_start"].format(title=item.title), f"learn start {item.id}"))
        elif line.cell.status == "not_attempted":
            started.append(NextStep(labels["next_write"].format(title=item.title), f"learn show {item.id}"))
        else:
            failing = _failing_checks(store, page, item)
            text = labels["next_fix"].format(title=item.title, n=failing)
            if item.id in unfixed:
                text += " " + labels["next_mistake"].format(what=unfixed[item.id])
            started.append(NextStep(text, f"learn hint {item.id}"))
    return tuple(started + later)


def _failing_checks(store, page: LearnerPage, item: Item) -> int:
    row = store.conn.execute(
        "select count(*) from check_results where attempt_id = (select max(id) from attempts where learner = ?"
        " and exercise = ?) and outcome not in ('passed', 'skipped')", [page.name, item.id]).fetchone()
    return row[0] if row else 0
