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
    """The gradebook of ``assignment`` from every attempt in ``store``."""
    ids = assignment.ids
    marks = ",".join("?" for _ in ids)
    rows = store.conn.execute(
        f"select id, learner, exercise, score, max_score, status, submitted_at, finished_at"
        f" from attempts where exercise in ({marks}) order by id", list(ids)).fetchall()
    per: dict[str, dict[str, list]] = {}
    for row in rows:
        per.setdefault(row[1], {}).setdefault(row[2], []).append(row)
    if assignment.roster is not None:
        learners, others = list(assignment.roster), sorted(set(per) - set(assignment.roster))
    else:
        learners, others = sorted(per), []
    out_of = assignment.total_weight
    book = []
    for learner in learners:
        cells = {item: _cell(assignment, item, attempts) for item, attempts in per.get(learner, {}).items()}
        book.append(Row(learner, cells, sum(c.weighted for c in cells.values()), out_of,
                        missing=learner not in per))
    return Gradebook(assignment, tuple(book), tuple(others))


def _share(score: int | None, max_score: int | None) -> float:
    return (score or 0) / max_score if max_score else 0.0


def _cell(assignment: Assignment, item: str, attempts: list) -> Cell:
    best = max(attempts, key=lambda a: (_share(a[3], a[4]), -a[0]))
    share = _share(best[3], best[4])
    passed = [a[7] for a in attempts if a[5] == "passed"]
    return Cell(item=item, score=best[3] or 0, max_score=best[4] or 0, share=share,
                weighted=assignment.item(item).weight * share, attempts=len(attempts),
                best_attempt_id=best[0], last_attempt_id=attempts[-1][0],
                first_passed_at=min(passed) if passed else None,
                late=assignment.is_late(best[6]), status=best[5])
