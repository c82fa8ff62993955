"""What each page shows: frozen records computed from ``reports.data`` with ``reports.stats``.

Item figures are over the learners with work (see ``reports.data``); an item such a
learner did not submit counts 0 for them. Flags: a mean above 90% or below 30%, a
discrimination below 0.2, a check nobody's best attempt passes, a question nobody
answers right, an item nobody submitted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from grader.assignment import Assignment
from grader.gradebook import Cell
from reports import stats
from reports.data import (PASSED_STATUS, CheckCounts, ClassData, DayCount, Item, LearnerData, LearnerRef,
                          MistakeCount, Submission, describe_mistake, learner_file, misconception, quiz)

#: an item is flagged when its mean is above / below these, or its discrimination below the last
EASY, HARD, LOW_DISCRIMINATION = 0.9, 0.3, 0.2
#: the most learner names an exercise page lists beside one mistake
NAMES_SHOWN = 20
#: the most bins of an attempt timeline (a bin spans several days when the attempts span many)
MOST_BINS = 30


# ---------------------------------------------------------------------------------- items
@dataclass(frozen=True)
class Flag:
    key: str                   # a label: flag_<key>
    detail: str                # a number or ids, the same in every language


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


def _shares(cd: ClassData, item: Item) -> list[float]:
    return [r.cells[item.id].share if item.id in r.cells else 0.0 for r in cd.with_work]


def item_stats(cd: ClassData) -> dict[str, ItemStat]:
    """Every assigned item's figures and flags."""
    rows = cd.with_work
    totals = [r.total for r in rows]
    out = {}
    for item in cd.items:
        shares = _shares(cd, item)
        cells = [r.cells[item.id] for r in rows if item.id in r.cells]
        mean = stats.mean(shares)
        disc = stats.discrimination([s * item.weight for s in shares], totals)
        out[item.id] = ItemStat(item, len(cells), len(rows), mean, stats.median(shares),
                                sum(c.passed for c in cells) / len(rows) if rows else None,
                                stats.median(cd.to_pass.get(item.id, ())), sum(c.late for c in cells), disc,
                                _flags(cd, item, cells, mean, disc))
    return out


def _flags(cd: ClassData, item: Item, cells: list[Cell], mean: float | None, disc: float | None) -> tuple:
    if not cells:
        return (Flag("nobody", ""),)
    flags = []
    if mean is not None and mean > EASY:
        flags.append(Flag("easy", f"{mean:.0%}"))
    if mean is not None and mean < HARD:
        flags.append(Flag("hard", f"{mean:.0%}"))
    if disc is not None and disc < LOW_DISCRIMINATION:
        flags.append(Flag("low_discrimination", f"{disc:.2f}"))
    if item.kind == "exercise":
        never = [c.id for c in cd.checks.get(item.id, ()) if c.best and not c.best_passed]
        if never:
            flags.append(Flag("check_never_passed", ", ".join(never)))
    else:
        counts = cd.quizzes.get(item.id)
        never = [q.id for q in counts.questions.values() if q.answered and not q.right] if counts else []
        if never:
            flags.append(Flag("question_never_right", ", ".join(never)))
    return tuple(flags)


# ---------------------------------------------------------------------------------- the class page
def band(share: float | None) -> str:
    """The colour class of a score: s0 .. s10 by tenths; "na" when there is no score."""
    return "na" if share is None else f"s{max(0, min(10, int(share * 10 + 1e-9)))}"


class GridCell(NamedTuple):
    """One cell of the class grid, ready to print: its colour class, text and tooltip."""

    css: str
    text: str                          # the best share in percent, * when late; – when not submitted
    title: str                         # points of the best attempt


def grid_cell(cell: Cell | None) -> GridCell:
    if cell is None:
        return GridCell("na", "–", "")
    return GridCell(band(cell.share), f"{cell.share * 100:.0f}" + ("*" if cell.late else ""),
                    f"{cell.score}/{cell.max_score}")


@dataclass(frozen=True)
class GridRow:
    learner: LearnerRef
    cells: tuple[GridCell, ...]        # in the order of the items
    total: float
    out_of: float
    percent: float                     # a share, 0..1


@dataclass(frozen=True)
class ClassPage:
    title: str
    due: str | None
    items: tuple[Item, ...]
    rows: tuple[GridRow, ...]
    summary: stats.Summary             # of the totals of the learners with work
    item_stats: tuple[ItemStat, ...]
    missing: tuple[str, ...]
    others: tuple[str, ...]

    @property
    def flagged(self) -> tuple[ItemStat, ...]:
        return tuple(s for s in self.item_stats if s.flags)


def class_page(cd: ClassData, by_item: dict[str, ItemStat]) -> ClassPage:
    rows = tuple(GridRow(ref, tuple(grid_cell(r.cells.get(i.id)) for i in cd.items), r.total, r.out_of,
                         r.percent / 100) for ref, r in zip(cd.learners, cd.book.rows))
    totals = [r.total / r.out_of if r.out_of else 0.0 for r in cd.with_work]
    return ClassPage(cd.title, cd.due, cd.items, rows, stats.summarize(totals),
                     tuple(by_item[i.id] for i in cd.items),
                     tuple(r.learner for r in cd.book.rows if r.missing), cd.book.others)


# ---------------------------------------------------------------------------------- item pages
@dataclass(frozen=True)
class TimeBin:
    label: str                 # the first day of the period
    attempts: int
    passed: int


@dataclass(frozen=True)
class Timeline:
    bins: tuple[TimeBin, ...]
    top: int                   # the largest bin
    due_at: float | None       # where the due time falls, 0..1 across the bins; None: outside, or none
    days_per_bin: int


def timeline(days: tuple[DayCount, ...], due: str | None, most_bins: int = MOST_BINS) -> Timeline:
    """Attempts per period: a day, or several when the attempts span more than ``most_bins`` days."""
    dated = []
    for d in days:
        try:
            dated.append((dt.date.fromisoformat(d.day), d))
        except ValueError:
            continue
    if not dated:
        return Timeline((), 0, None, 1)
    start, end = min(x[0] for x in dated), max(x[0] for x in dated)
    span = (end - start).days + 1
    step = max(1, math.ceil(span / most_bins))
    n = math.ceil(span / step)
    counts, passes = [0] * n, [0] * n
    for date, d in dated:
        i = (date - start).days // step
        counts[i] += d.attempts
        passes[i] += d.passed
    bins = tuple(TimeBin((start + dt.timedelta(days=i * step)).isoformat(), counts[i], passes[i]) for i in range(n))
    due_at = None
    if due:
        due_day = dt.date.fromisoformat(due[:10])
        frac = ((due_day - start).days + 0.5) / (n * step)    # the middle of the due day
        due_at = frac if 0 <= frac <= 1 else None
    return Timeline(bins, max(counts), due_at, step)


@dataclass(frozen=True)
class ItemPage:
    """What an exercise page and a quiz page share."""

    stat: ItemStat
    summary: stats.Summary             # of the best attempts of those who submitted it
    quintiles: tuple[float | None, ...]
    timeline: Timeline


def _item_page(cd: ClassData, by_item: dict[str, ItemStat], item: Item) -> ItemPage:
    submitted = [r.cells[item.id].share for r in cd.with_work if item.id in r.cells]
    totals = [r.total for r in cd.with_work]
    return ItemPage(by_item[item.id], stats.summarize(submitted),
                    tuple(stats.quintile_means(totals, _shares(cd, item))),
                    timeline(cd.days.get(item.id, ()), cd.due))


@dataclass(frozen=True)
class CheckStat:
    id: str
    max_points: int
    passing: float | None      # share of the learners who submitted whose best attempt passes it
    failed: float | None       # share of all attempts that failed it
    attempts: int
    message: str


@dataclass(frozen=True)
class ExercisePage:
    common: ItemPage
    checks: tuple[CheckStat, ...]      # the least passed first
    mistakes: tuple[MistakeCount, ...]
    files: dict                        # learner -> page file, for the names listed


def _check_stat(c: CheckCounts) -> CheckStat:
    return CheckStat(c.id, c.max_points, c.best_passed / c.best if c.best else None,
                     c.failed / c.attempts if c.attempts else None, c.attempts, c.message)


def exercise_page(cd: ClassData, by_item: dict[str, ItemStat], item: Item) -> ExercisePage:
    checks = sorted((_check_stat(c) for c in cd.checks.get(item.id, ())),
                    key=lambda c: (2 if c.passing is None else c.passing, -(c.failed or 0)))
    mistakes = cd.mistakes.get(item.id, ())
    names = {n for m in mistakes for n in m.learners[:NAMES_SHOWN]}
    return ExercisePage(_item_page(cd, by_item, item), tuple(checks), mistakes,
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


def quiz_page(cd: ClassData, by_item: dict[str, ItemStat], item: Item) -> QuizPage:
    q = quiz(item.id)
    counts = cd.quizzes.get(item.id)
    found = counts.questions if counts else {}
    order = [x.id for x in q.questions] if q else []
    order += sorted(qid for qid in found if qid not in order)
    attempts = counts.attempts if counts else 0
    questions = []
    for qid in order:
        c = found.get(qid)
        question = next((x for x in q.questions if x.id == qid), None) if q else None
        points = question.points if question else 1
        questions.append(QuestionStat(
            qid, question.kind if question else "", question.prompt.get(cd.lang) if question else "", points,
            c.answered if c else 0, stats.facility_of(c.points, c.answered, points) if c else None,
            c.moments.discrimination() if c else None, _option_stats(item.id, question, c, cd.lang),
            _wrong_stats(item.id, question, c, cd.lang), c.unanswered if c else 0))
    alpha = None
    present = [found[qid].moments for qid in order if qid in found]
    if present:     # a question no best attempt holds scores 0 for everyone: no variance of its own
        blank = stats.Moments(present[0].n, 0, present[0].sy, 0, present[0].syy, 0)
        alpha = stats.alpha_of([found[qid].moments if qid in found else blank for qid in order])
    return QuizPage(_item_page(cd, by_item, item), tuple(questions), alpha, attempts)


def _option_stats(quiz_id: str, question, c, lang: str) -> tuple[OptionStat, ...]:
    if question is None or not question.options:
        return ()
    picked = {o: (n, seed) for o, n, seed in c.choices} if c else {}
    n = c.answered if c else 0
    return tuple(OptionStat(o.id, o.text.get(lang), o.correct, picked.get(o.id, (0,))[0],
                            picked.get(o.id, (0,))[0] / n if n else None,
                            misconception(quiz_id, question.id, o.id, picked.get(o.id, (0, None))[1], lang)
                            if o.why else "")
                 for o in question.options)


def _wrong_stats(quiz_id: str, question, c, lang: str) -> tuple[WrongStat, ...]:
    """Numeric and short questions: the wrong answers, grouped by the named mistake behind them."""
    if question is None or question.options or c is None:
        return ()
    groups: dict[str, list] = defaultdict(list)
    for key, answer, n, seed in c.wrong:           # most given first
        groups[key].append((answer, n, seed))
    out = [WrongStat(key, misconception(quiz_id, question.id, key, given[0][2], lang) if key else "",
                     sum(n for _, n, _ in given), tuple(a for a, _, _ in given[:3]))
           for key, given in groups.items()]
    return tuple(sorted(out, key=lambda w: (w.key == "", -w.count, w.key)))


# ---------------------------------------------------------------------------------- learner pages
@dataclass(frozen=True)
class LearnerItem:
    item: Item
    cell: Cell | None          # the gradebook's best attempt
    best: GridCell             # the same, ready to print
    last_score: int | None
    last_max: int | None
    attempts: int
    first_passed: str          # the day the file of the first passing attempt last changed


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
class Sparkline:
    """A line of shares over time, laid out for an SVG of ``width`` × ``height`` (plus margins)."""

    width: int
    height: int
    pad: int                                     # the margin around the plot area
    points: str                                  # "x,y x,y …" inside the plot area
    last: float                                  # the last share
    last_y: float
    first_day: str
    last_day: str


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD, SPARK_POINTS = 360, 80, 6, 200


def sparkline(points: tuple[tuple[str, float], ...]) -> Sparkline | None:
    """``(when, share)`` points evenly spaced left to right (at most SPARK_POINTS, the last kept)."""
    if not points:
        return None
    if len(points) > SPARK_POINTS:
        step = len(points) / SPARK_POINTS
        points = tuple(points[int(i * step)] for i in range(SPARK_POINTS - 1)) + (points[-1],)
    n, w, h, pad = len(points), SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD
    xs = [pad + (i * w / (n - 1) if n > 1 else w / 2) for i in range(n)]
    ys = [pad + (1 - share) * h for _, share in points]
    return Sparkline(w, h, pad, " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys)), points[-1][1], ys[-1],
                     points[0][0][:10], points[-1][0][:10])


@dataclass(frozen=True)
class LearnerPage:
    name: str
    total: float
    out_of: float
    percent: float                               # a share, 0..1
    missing: bool
    items: tuple[LearnerItem, ...]
    cumulative: tuple[tuple[str, float], ...]    # (when, total share) after each attempt
    over_time: Sparkline | None                  # the same, drawn
    mastery: tuple[Mastery, ...]
    mistakes: tuple[LearnerMistake, ...]
    code: Submission | None
    quiz_answers: tuple[QuizAnswers, ...]
    next_steps: tuple[NextStep, ...] = ()


def learner_page(assignment: Assignment, items: tuple[Item, ...], ld: LearnerData, lang: str,
                 labels: dict[str, str] | None = None) -> LearnerPage:
    """A learner's page; with ``labels``, also what to do next (their own report)."""
    row = ld.row
    per_item: dict[str, list] = defaultdict(list)
    for a in ld.attempts:
        per_item[a.item].append(a)
    by_id = {i.id: i for i in items}
    lines = []
    for item in items:
        mine = per_item.get(item.id, [])
        passed = next((a.when for a in mine if a.status == PASSED_STATUS), None)
        lines.append(LearnerItem(item, row.cells.get(item.id), grid_cell(row.cells.get(item.id)),
                                 mine[-1].score if mine else None,
                                 mine[-1].max_score if mine else None, len(mine), passed[:10] if passed else ""))
    when_of = {a.id: a.when for a in ld.attempts}
    cumulative = _cumulative(assignment, ld.attempts)
    mistakes = tuple(LearnerMistake(by_id[m.item], m.mistake, describe_mistake(m.mistake), m.attempts,
                                    (when_of.get(m.first_attempt) or "")[:10], m.fixed) for m in ld.mistakes)
    page = LearnerPage(
        row.learner, row.total, row.out_of, row.percent / 100, row.missing, tuple(lines), cumulative,
        sparkline(cumulative),
        tuple(Mastery(i.concept, i.title, row.cells[i.id].share if i.id in row.cells else 0.0) for i in items),
        mistakes, ld.last_submission, _quiz_answers(items, ld, lang))
    if labels is None:
        return page
    return LearnerPage(**{**page.__dict__, "next_steps": next_steps(page, ld, labels)})


def _cumulative(assignment: Assignment, attempts) -> tuple[tuple[str, float], ...]:
    weight = {i.id: i.weight for i in assignment.items}
    out_of = assignment.total_weight or 1.0
    best: dict[str, float] = {}
    total, points = 0.0, []
    for a in sorted(attempts, key=lambda a: (a.when or "", a.id)):
        share = a.share
        if share > best.get(a.item, 0.0):
            total += weight[a.item] * (share - best.get(a.item, 0.0))
            best[a.item] = share
        points.append((a.when or "", total / out_of))
    return tuple(points)


def _quiz_answers(items: tuple[Item, ...], ld: LearnerData, lang: str) -> tuple[QuizAnswers, ...]:
    out = []
    for item in items:
        cell = ld.row.cells.get(item.id)
        if item.kind != "quiz" or cell is None or cell.best_attempt_id not in ld.answers:
            continue
        q = quiz(item.id)
        order = {x.id: n for n, x in enumerate(q.questions)} if q else {}
        got = sorted(ld.answers[cell.best_attempt_id], key=lambda a: (order.get(a.question, len(order)), a.question))
        out.append(QuizAnswers(item, tuple(
            QuizAnswer(a.question, a.answer, bool(a.correct), a.points, a.max_points,
                       "; ".join(filter(None, (misconception(item.id, a.question, k, a.seed, lang)
                                               for k in (a.mistake or "").split(",") if k))))
            for a in got)))
    return tuple(out)


def next_steps(page: LearnerPage, ld: LearnerData, labels: dict[str, str]) -> tuple[NextStep, ...]:
    """What to do next: first what was started and not passed (fix what fails, write what is still
    a stub, retake a quiz), then what was not started; each in course order."""
    unfixed: dict[str, str] = {}
    for m in page.mistakes:
        if not m.fixed:
            unfixed.setdefault(m.item.id, m.what or m.id)
    started, later = [], []
    for line in page.items:
        item, cell = line.item, line.cell
        if cell is not None and cell.passed:
            continue
        if item.kind == "quiz":
            score = f"{cell.score}/{cell.max_score}" if cell else "0"
            (started if cell else later).append(
                NextStep(labels["next_quiz"].format(title=item.title, score=score), f"learn quiz {item.id}"))
        elif cell is None:
            later.append(NextStep(labels["next_start"].format(title=item.title), f"learn start {item.id}"))
        elif cell.status == "not_attempted":
            started.append(NextStep(labels["next_write"].format(title=item.title), f"learn show {item.id}"))
        else:
            text = labels["next_fix"].format(title=item.title, n=len(ld.failing.get(item.id, ())))
            if item.id in unfixed:
                text += " " + labels["next_mistake"].format(what=unfixed[item.id])
            started.append(NextStep(text, f"learn hint {item.id}"))
    return tuple(started + later)
