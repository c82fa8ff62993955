"""The store, the assignment, the catalog and the quiz bank turned into plain records.

Every query the reports make is here. Each is served by an index (``attempts`` by
learner and item, ``check_results`` and ``quiz_answers`` by attempt id, and a partial
index over the check results that did not pass, ``FAILED_INDEX``), aggregates in
SQL, and brings back small results: a class of 1,000 learners has about a million
check rows, and no query returns them one by one. Lists of ids travel as one JSON
array (``json_each``), never as thousands of placeholders. The gradebook's rules
(best attempt, weighted total, late, missing) are ``grader.gradebook``'s, reused.

Which learners count: the gradebook's rows that are not missing (*learners with
work*): the roster when there is one, else everyone with an attempt at an assigned
item. Attempts of learners off the roster are left out of every figure.

Counting checks without reading every passing row: the runner records a row for
every check of an exercise's suite in every attempt (a file that does not load fails
them all), so a check's passes are the attempts minus the rows that failed it. The
checks counted are those of each exercise's latest attempt, less those it skipped (a
CUDA check graded without CUDA): an attempt graded before a check was added to the
suite, or one that skipped it, counts as not having failed it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from grader import gradebook as gradebook_mod
from grader.assignment import Assignment
from grader.gradebook import Gradebook, Row
from reports.stats import Moments

PASSED_STATUS = "passed"
#: the longest failure message kept for an exercise page, per check
MESSAGE_SHOWN = 600

#: the partial index through which the reports read the checks that failed (not passed, not
#: skipped). ``ensure_index`` adds it the first time a store is reported on (about a second for
#: a million check rows); grading keeps it up to date from then on. It is not in the store's
#: own schema because it names a column (``mistake``) that a version 1 store gains only after
#: its tables are made.
FAILED_INDEX = ("create index if not exists idx_check_results_failed on check_results"
                    " (attempt_id, check_id, outcome, mistake) where outcome not in ('passed', 'skipped')")
#: the condition of that index, written as the queries must write it for SQLite to use it
FAILED = "c.outcome not in ('passed', 'skipped')"


def ensure_index(store) -> None:
    """Add ``FAILED_INDEX`` to the store if it lacks it; a read-only store is read without
    it (the same figures, only slower)."""
    if store.conn.execute("select 1 from sqlite_master where type = 'index' and name ="
                          " 'idx_check_results_failed'").fetchone():
        return
    try:
        store.conn.execute(FAILED_INDEX)
    except sqlite3.OperationalError:
        pass


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
    """What a named mistake (``softmax.no_max_subtracted``) means, from its suite; "" if unknown."""
    item, _, short = qualified.partition(".")
    return known_mistakes(item).get(short, "") if short else ""


def misconception(quiz_id: str, question_id: str, key: str, seed: int | None, lang: str) -> str:
    """The ``why`` behind a named wrong answer: an option id (its ``why``) or ``mistake<i>`` (the
    i-th typical numeric mistake), filled in for the variant ``seed`` where the text has
    placeholders; "" when the bank has none."""
    q = quiz(quiz_id)
    question = next((x for x in q.questions if x.id == question_id), None) if q else None
    if question is None:
        return ""
    if key.startswith("mistake") and key[7:].isdigit():
        index = int(key[7:])
        if index >= len(question.mistakes):
            return ""
        shown = _variant(quiz_id, question_id, seed)
        found = [m.why for m in shown.mistakes if m.index == index] if shown else []
        return found[0].get(lang) if found else _unfilled(question.mistakes[index].why.get(lang))
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
    from grader.quiz.model import QuizError
    from grader.quiz.variants import make_question
    if seed is None:
        return None
    try:
        return make_question(quiz(quiz_id).question(question_id), seed)
    except (QuizError, KeyError, IndexError, ValueError, ArithmeticError):   # the bank changed since
        return None


def day(value: str | None) -> str:
    """The date part of an ISO time, as it was recorded: "2027-01-15"."""
    return value[:10] if value else ""


def _json(values) -> str:
    return json.dumps(list(values))


# ---------------------------------------------------------------------------------- the class
@dataclass(frozen=True)
class LearnerRef:
    name: str
    file: str
    missing: bool


@dataclass(frozen=True)
class CheckCounts:
    """One check of one exercise, counted over the learners with work."""

    id: str
    max_points: int
    attempts: int              # attempts at the exercise
    failed: int                # of those, how many failed it
    best: int                  # best attempts at the exercise (one per learner who submitted)
    best_passed: int           # of those, how many did not fail it
    message: str               # the latest failure's message, in the report's language ("" if none)


@dataclass(frozen=True)
class MistakeCount:
    """One named mistake at one exercise."""

    id: str                    # qualified: softmax.no_max_subtracted
    what: str                  # from the suite's KNOWN_MISTAKES
    learners: tuple[str, ...]  # who made it, in the order they first did
    attempts: int              # attempts that made it
    fixed: int                 # learners whose last attempt passes every check they made it on


class DayCount(NamedTuple):
    day: str
    attempts: int
    passed: int


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


@dataclass(frozen=True)
class ClassData:
    """What the class page and the item pages are made of, read in a handful of queries."""

    title: str
    due: str | None
    lang: str
    items: tuple[Item, ...]
    book: Gradebook
    learners: tuple[LearnerRef, ...]
    checks: dict               # exercise id -> tuple[CheckCounts], in the order of the latest suite
    mistakes: dict             # exercise id -> tuple[MistakeCount], most frequent first
    days: dict                 # item id -> tuple[DayCount], by day
    to_pass: dict              # item id -> tuple[int]: attempts up to the first pass, per learner who passed
    quizzes: dict              # quiz id -> QuizCounts, over the best attempts

    @cached_property
    def with_work(self) -> tuple[Row, ...]:
        return tuple(r for r in self.book.rows if not r.missing)


class _Scope:
    """The query parameters shared by the class queries: assigned items, learners, best attempts."""

    def __init__(self, assignment: Assignment, book: Gradebook):
        work = [r for r in book.rows if not r.missing]
        self.exercise_ids = {i.id for i in assignment.items if i.kind == "exercise"}
        self.items = _json(assignment.ids)
        self.exercises = _json(sorted(self.exercise_ids))
        self.learners = _json(r.learner for r in work)
        # off-roster attempts are left out; with no roster every learner in the store is a row
        self.where_learner = "" if assignment.roster is None else \
            " and a.learner in (select value from json_each(:learners))"
        self.best = {c.best_attempt_id: c.item for r in work for c in r.cells.values()}
        self.last = {(r.learner, c.item): c.last_attempt_id for r in work for c in r.cells.values()}

    def args(self, **more) -> dict:
        return {"items": self.items, "exercises": self.exercises, "learners": self.learners, **more}


def load_class(store, assignment: Assignment, lang: str = "en") -> ClassData:
    ensure_index(store)
    book = gradebook_mod.build(store, assignment)
    scope = _Scope(assignment, book)
    quizzes = {i.id for i in assignment.items if i.kind == "quiz"}
    days = day_counts(store, scope)
    attempts = {item: sum(d.attempts for d in ds) for item, ds in days.items()}
    return ClassData(
        title=assignment.title, due=assignment.due.isoformat() if assignment.due else None, lang=lang,
        items=items_of(assignment, lang), book=book,
        learners=tuple(LearnerRef(r.learner, learner_file(r.learner), r.missing) for r in book.rows),
        checks=check_counts(store, scope, lang, attempts), mistakes=mistake_counts(store, scope),
        days=days, to_pass=attempts_to_pass(store, scope),
        quizzes=quiz_counts(store, [i for i, item in scope.best.items() if item in quizzes]))


def check_counts(store, scope: _Scope, lang: str, attempts: dict[str, int]) -> dict:
    """Per exercise, per check of its latest attempt: attempts, failures, best attempts and their
    passes, and the latest failure's message. Reads only the rows that failed. ``attempts``: the
    number of attempts at each item."""
    conn = store.conn
    exercise_best = [i for i, item in scope.best.items() if item in scope.exercise_ids]
    best: dict = defaultdict(int)
    for i in exercise_best:
        best[scope.best[i]] += 1
    suites: dict = defaultdict(list)      # the checks of each exercise's latest attempt, in its order
    for item, check, points, outcome in conn.execute(
            "select a.exercise, c.check_id, c.max_points, c.outcome from check_results c"
            " join attempts a on a.id = c.attempt_id where c.attempt_id in (select max(id) from attempts"
            " where exercise in (select value from json_each(:exercises)) group by exercise) order by c.rowid",
            scope.args()):
        if outcome != "skipped":
            suites[item].append((check, points or 0))
    failed = {(r[0], r[1]): r[2:] for r in conn.execute(
        "select a.exercise, c.check_id, count(*), max(c.attempt_id) from check_results c"
        f" join attempts a on a.id = c.attempt_id where {FAILED}"
        f" and a.exercise in (select value from json_each(:exercises)){scope.where_learner}"
        " group by a.exercise, c.check_id", scope.args())}
    best_failed = {(r[0], r[1]): r[2] for r in conn.execute(
        "select a.exercise, c.check_id, count(*) from json_each(:best) j"
        f" join check_results c on c.attempt_id = j.value and {FAILED} join attempts a on a.id = j.value"
        " group by a.exercise, c.check_id", scope.args(best=_json(exercise_best)))}
    column = "message_ko" if lang == "ko" else "message_en"
    out = {}
    for item, checks in suites.items():
        rows = []
        for check, points in checks:
            n, last_failed = failed.get((item, check), (0, None))
            message = ""
            if last_failed is not None:
                row = conn.execute(f"select {column} from check_results where attempt_id = ? and check_id = ?",
                                   [last_failed, check]).fetchone()
                message = _shorten(row[0] if row else "")
            rows.append(CheckCounts(check, points, attempts.get(item, 0), n, best[item],
                                    best[item] - best_failed.get((item, check), 0), message))
        out[item] = tuple(rows)
    return out


def _shorten(text: str | None, limit: int = MESSAGE_SHOWN) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit] + "…"


def mistake_counts(store, scope: _Scope) -> dict:
    """Per exercise: each named mistake, who made it, in how many attempts, and how many fixed it."""
    made = store.conn.execute(
        "select a.exercise, c.mistake, a.learner, count(distinct c.attempt_id), min(c.attempt_id),"
        " group_concat(distinct c.check_id)"
        f" from check_results c join attempts a on a.id = c.attempt_id where {FAILED}"
        " and c.mistake is not null and c.mistake != ''"
        f" and a.exercise in (select value from json_each(:exercises)){scope.where_learner}"
        " group by a.exercise, c.mistake, a.learner", scope.args()).fetchall()
    lasts = {scope.last[(r[2], r[0])] for r in made if (r[2], r[0]) in scope.last}
    failing = not_passing(store, lasts)
    per: dict = defaultdict(list)
    for item, mistake, learner, attempts, first, checks in made:
        last = scope.last.get((learner, item))
        fixed = last is not None and not (set(checks.split(",")) & failing.get(last, set()))
        per[(item, mistake)].append((first, learner, attempts, fixed and last > first))
    out: dict = defaultdict(list)
    for (item, mistake), who in per.items():
        who.sort()
        out[item].append(MistakeCount(mistake, describe_mistake(mistake), tuple(w[1] for w in who),
                                      sum(w[2] for w in who), sum(w[3] for w in who)))
    return {item: tuple(sorted(ms, key=lambda m: (-len(m.learners), -m.attempts, m.id))) for item, ms in out.items()}


def not_passing(store, attempt_ids) -> dict[int, set[str]]:
    """attempt id -> the checks it ran and did not pass."""
    out: dict[int, set[str]] = defaultdict(set)
    for attempt_id, check in store.conn.execute(
            f"select c.attempt_id, c.check_id from json_each(?) j join check_results c on c.attempt_id = j.value"
            f" and {FAILED}",
            [_json(sorted(attempt_ids))]):
        out[attempt_id].add(check)
    return out


def day_counts(store, scope: _Scope) -> dict:
    """Per item: attempts and passing attempts per day (when the file last changed, else when graded)."""
    out: dict = defaultdict(list)
    for item, d, n, passed in store.conn.execute(
            "select a.exercise, substr(coalesce(a.submitted_at, a.finished_at, ''), 1, 10) as day, count(*),"
            " sum(a.status = 'passed') from attempts a where a.exercise in (select value from json_each(:items))"
            f"{scope.where_learner} group by a.exercise, day", scope.args()):
        out[item].append(DayCount(d, n, passed))      # day "" (never graded?) is counted, not drawn
    return {item: tuple(days) for item, days in out.items()}


def attempts_to_pass(store, scope: _Scope) -> dict:
    """Per item: for each learner who passed it, the attempts they made up to the first that passed."""
    out: dict = defaultdict(list)
    for item, n in store.conn.execute(
            "select p.exercise, (select count(*) from attempts x where x.learner = p.learner"
            " and x.exercise = p.exercise and x.id <= p.first) from (select a.learner, a.exercise, min(a.id) as"
            " first from attempts a where a.status = 'passed' and a.exercise in (select value from json_each(:items))"
            f"{scope.where_learner} group by a.learner, a.exercise) p", scope.args()):
        out[item].append(n)
    return {item: tuple(ns) for item, ns in out.items()}


@dataclass(frozen=True)
class QuestionCounts:
    """One question of a quiz over the learners' best attempts."""

    id: str
    answered: int              # best attempts that hold the question
    points: int                # the points those attempts earned on it
    moments: Moments           # x: its points, y: the quiz total, over every best attempt (0 when absent)
    unanswered: int
    right: int
    choices: tuple             # (option id, how many chose it, the seed of one who did)
    wrong: tuple               # (mistake key or "", the answer as written, how many, a seed), most given first


@dataclass(frozen=True)
class QuizCounts:
    attempts: int              # best attempts
    questions: dict            # question id -> QuestionCounts


def quiz_counts(store, best_ids) -> dict[str, QuizCounts]:
    """Per quiz, per question, the sums the item analysis needs, added up in SQL over the best
    attempts ``best_ids`` (never one row per answer)."""
    conn, best = store.conn, {"best": _json(sorted(best_ids))}
    # the quiz total of an attempt is its score: the points of its answers, added up when it was graded
    per_quiz = {r[0]: r[1:] for r in conn.execute(
        "select a.exercise, count(*), sum(a.score), sum(a.score * a.score) from json_each(:best) j"
        " join attempts a on a.id = j.value group by a.exercise", best)}
    choices: dict = defaultdict(lambda: defaultdict(int))
    seeds: dict = {}
    for quiz_id, question, choice, n, seed in conn.execute(
            "select a.exercise, q.question_id, q.choice, count(*), min(q.seed) from json_each(:best) j"
            " join quiz_answers q on q.attempt_id = j.value join attempts a on a.id = j.value"
            " where q.choice is not null and q.choice != '' group by 1, 2, 3", best):
        for option in choice.split(","):
            choices[(quiz_id, question)][option] += n
            seeds.setdefault((quiz_id, question, option), seed)
    wrong: dict = defaultdict(list)
    for quiz_id, question, mistake, answer, n, seed in conn.execute(
            "select a.exercise, q.question_id, coalesce(q.mistake, ''), q.answer, count(*), min(q.seed)"
            " from json_each(:best) j join quiz_answers q on q.attempt_id = j.value join attempts a on a.id = j.value"
            " where q.correct = 0 and q.answer is not null and q.choice is null group by 1, 2, 3, 4"
            " order by count(*) desc", best):
        wrong[(quiz_id, question)].append((mistake, answer, n, seed))
    out: dict = defaultdict(dict)
    for quiz_id, question, n, sx, sxx, sxy, unanswered, right in conn.execute(
            "select a.exercise, q.question_id, count(*), sum(q.points), sum(q.points * q.points),"
            " sum(q.points * a.score), sum(q.answer is null), sum(q.correct) from json_each(:best) j"
            " join quiz_answers q on q.attempt_id = j.value join attempts a on a.id = j.value group by 1, 2", best):
        attempts, sy, syy = per_quiz[quiz_id]
        picked = choices.get((quiz_id, question), {})
        out[quiz_id][question] = QuestionCounts(
            question, n, sx or 0, Moments(attempts, sx or 0, sy or 0, sxx or 0, syy or 0, sxy or 0),
            unanswered, right or 0,
            tuple((o, c, seeds[(quiz_id, question, o)]) for o, c in picked.items()),
            tuple(wrong.get((quiz_id, question), ())))
    return {quiz_id: QuizCounts(per_quiz[quiz_id][0], questions) for quiz_id, questions in out.items()}


def answer_rows(store, attempt_ids) -> dict[int, tuple[AnswerRow, ...]]:
    """attempt id -> its quiz answers."""
    out: dict[int, list[AnswerRow]] = defaultdict(list)
    for r in store.conn.execute(
            "select q.attempt_id, q.question_id, q.answer, coalesce(q.correct, 0), coalesce(q.points, 0),"
            " coalesce(q.max_points, 0), q.seed, q.choice, q.mistake from json_each(?) j"
            " join quiz_answers q on q.attempt_id = j.value", [_json(sorted(attempt_ids))]):
        out[r[0]].append(AnswerRow._make(r))
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------- one learner
class Attempt(NamedTuple):
    id: int
    item: str
    score: int
    max_score: int
    status: str
    when: str | None          # when its file last changed (or, when unknown, when it was graded)
    submission: str | None    # sha256 of the submission

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class Made:
    """One named mistake of one learner at one exercise."""

    item: str
    mistake: str               # qualified
    attempts: int              # attempts that made it
    first_attempt: int
    fixed: bool                # their last attempt passes every check on which they made it


@dataclass(frozen=True)
class Submission:
    item: str
    when: str
    text: str


@dataclass(frozen=True)
class LearnerData:
    row: Row                                  # the gradebook's
    attempts: tuple[Attempt, ...]             # at assigned items, oldest first
    mistakes: tuple[Made, ...]                # in the order first made
    failing: dict                             # item -> checks its last attempt did not pass
    last_submission: Submission | None        # the newest exercise attempt's text
    answers: dict                             # best quiz attempt id -> tuple[AnswerRow]


def load_learner(store, assignment: Assignment, row: Row) -> LearnerData:
    """One learner's attempts, mistakes, last submission and quiz answers (indexed by learner)."""
    conn, learner = store.conn, row.learner
    items = _json(assignment.ids)
    attempts = tuple(Attempt._make(r) for r in conn.execute(
        "select id, exercise, coalesce(score, 0), coalesce(max_score, 0), status,"
        " coalesce(submitted_at, finished_at), submission_sha256 from attempts"
        " where learner = ? and exercise in (select value from json_each(?)) order by id", [learner, items]))
    if not attempts:
        return LearnerData(row, (), (), {}, None, {})
    last = {a.item: a.id for a in attempts}
    failing_by_id = not_passing(store, last.values())
    failing = {item: failing_by_id.get(i, set()) for item, i in last.items()}
    made = conn.execute(
        "select a.exercise, c.mistake, count(distinct c.attempt_id), min(c.attempt_id), group_concat(distinct c.check_id)"
        " from attempts a join check_results c on c.attempt_id = a.id where a.learner = ?"
        f" and a.exercise in (select value from json_each(?)) and {FAILED} and c.mistake is not null"
        " and c.mistake != '' group by a.exercise, c.mistake order by min(c.attempt_id)", [learner, items]).fetchall()
    mistakes = tuple(Made(item, mistake, n, first, last[item] > first and not (set(checks.split(",")) & failing[item]))
                     for item, mistake, n, first, checks in made)
    kinds = {i.id: i.kind for i in assignment.items}
    newest = next((a for a in reversed(attempts) if kinds.get(a.item) == "exercise" and a.submission), None)
    submission = None
    if newest is not None:
        text = store.submission(newest.submission)
        submission = Submission(newest.item, day(newest.when), text) if text is not None else None
    best_quiz = [c.best_attempt_id for c in row.cells.values() if kinds.get(c.item) == "quiz"]
    return LearnerData(row, attempts, mistakes, failing, submission, answer_rows(store, best_quiz))
