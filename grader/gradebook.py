"""The class gradebook: each learner's best attempt at each assigned item, and their total.

Read from the store and the assignment only (never from the class folder), so a
class can be exported and reported after its folder is gone. The rules, in one place:

- an item's *best* attempt is the one with the highest share of its points (the
  earliest of equals); attempts after the due time count, and are marked late;
- an item counts ``weight × best share`` toward the total; the total is out of the
  sum of the weights of every assigned item, so missing work counts as 0;
- learners are the roster, in its order, when there is one; otherwise everyone with an
  attempt at an assigned item, by name. A roster learner with no attempt is *missing*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.assignment import Assignment


@dataclass(frozen=True)
class Cell:
    """One learner at one item."""

    item: str
    score: int                 # points of the best attempt
    max_score: int
    share: float               # score / max_score of the best attempt (0 when max_score is 0)
    weighted: float            # weight × share: what it adds to the total
    attempts: int
    best_attempt_id: int
    last_attempt_id: int
    first_passed_at: str | None
    late: bool                 # the best attempt's file changed after the due time
    status: str                # of the best attempt: passed / failed / not_attempted

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class Row:
    learner: str
    cells: dict[str, Cell]
    total: float
    out_of: float
    missing: bool = False      # on the roster, nothing graded

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.out_of if self.out_of else 0.0


@dataclass(frozen=True)
class Gradebook:
    assignment: Assignment
    rows: tuple[Row, ...]
    others: tuple[str, ...] = field(default=())   # learners in the store not on the roster

    def row(self, learner: str) -> Row | None:
        return next((r for r in self.rows if r.learner == learner), None)


def build(store, assignment: Assignment) -> Gradebook:
    """The gradebook of ``assignment`` from every attempt in ``store``, in two grouped SQL scans of
    the (learner, exercise) index: the best attempt of each learner at each item (highest share
    of points, the earliest of equals: SQLite takes a bare column from the row that holds the one
    max() of the query, and the key's id term is too small to reorder two different shares, which
    differ by at least 1e-4), then the attempt count, the newest attempt and the first pass."""
    ids = list(assignment.ids)
    marks = ",".join("?" for _ in ids)
    best = store.conn.execute(f"""
        select learner, exercise, id, score, max_score, status, submitted_at,
               max((case when max_score > 0 then 1.0 * score / max_score else 0.0 end) * 1e7 - id * 1e-9)
        from attempts where exercise in ({marks}) group by learner, exercise""", ids).fetchall()
    counts = {(r[0], r[1]): r[2:] for r in store.conn.execute(f"""
        select learner, exercise, count(*), max(id), min(case when status = 'passed' then finished_at end)
        from attempts where exercise in ({marks}) group by learner, exercise""", ids)}
    rows = [(*b[:7], *counts[(b[0], b[1])]) for b in best]
    weight = {i.id: i.weight for i in assignment.items}
    per: dict[str, dict[str, Cell]] = {}
    for learner, item, best_id, score, max_score, status, submitted_at, n, last_id, first_passed in rows:
        share = _share(score, max_score)
        per.setdefault(learner, {})[item] = Cell(
            item=item, score=score or 0, max_score=max_score or 0, share=share,
            weighted=weight[item] * share, attempts=n, best_attempt_id=best_id,
            last_attempt_id=last_id, first_passed_at=first_passed, late=assignment.is_late(submitted_at),
            status=status)
    if assignment.roster is not None:
        learners, others = list(assignment.roster), sorted(set(per) - set(assignment.roster))
    else:
        learners, others = sorted(per), []
    out_of = assignment.total_weight
    book = [Row(learner, per.get(learner, {}), sum(c.weighted for c in per.get(learner, {}).values()), out_of,
                missing=learner not in per) for learner in learners]
    return Gradebook(assignment, tuple(book), tuple(others))


def _share(score: int | None, max_score: int | None) -> float:
    return (score or 0) / max_score if max_score else 0.0
