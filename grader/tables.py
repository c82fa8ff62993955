"""The rows `learn list` and `learn progress` print, for exercises and quizzes alike."""

from __future__ import annotations

from typing import Callable

from grader.i18n import column_width, pad


def status_key(summary: dict | None, started: bool) -> str:
    """'passed', 'in_progress' or 'not_started' from a store summary row and whether work exists."""
    if summary and summary["first_passed_at"]:
        return "passed"
    return "in_progress" if summary or started else "not_started"


def best(summary: dict | None) -> str:
    return f"{summary['best']}/{summary['max_score']}" if summary else "-"


def list_row(number: str, item_id: str, title: str, width: int, summary: dict | None, started: bool,
             t: Callable[[str], str]) -> str:
    return f"{number:<5}{item_id:<22} {pad(title, width)} {pad(t(status_key(summary, started)), 12)} {best(summary)}"


def progress_row(item_id: str, summary: dict | None) -> str:
    if not summary:
        return f"{item_id:<24} {0:>8}  {'-':<9} -"
    return f"{item_id:<24} {summary['attempts']:>8}  {best(summary):<9} {summary['first_passed_at'] or '-'}"


def class_table(book) -> list[str]:
    """The `learn class grade` table from a ``Gradebook``: one row a learner, one column an assigned
    item somebody submitted (best points/max, ``*`` when late, ``-`` when missing), and the
    weighted total out of every assigned item, so missing work counts as lost points."""
    items = [i.id for i in book.assignment.items if any(i.id in r.cells for r in book.rows)]
    first = column_width(["learner", *(r.learner for r in book.rows)], 8) + 2
    widths = [max(len(i), 7) + 2 for i in items]
    lines = [(pad("learner", first) + "".join(i.ljust(w) for i, w in zip(items, widths)) + "total").rstrip()]
    for row in book.rows:
        cells = "".join(_cell(row.cells.get(i)).ljust(w) for i, w in zip(items, widths))
        total = f"{row.total:.4g}/{row.out_of:g} ({row.percent:.0f}%)" + ("  missing" if row.missing else "")
        lines.append(pad(row.learner, first) + cells + total)
    return lines


def _cell(cell) -> str:
    if cell is None:
        return "-"
    return f"{cell.score}/{cell.max_score}" + ("*" if cell.late else "")
