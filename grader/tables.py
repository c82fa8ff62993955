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


def class_table(grid: dict[str, dict[str, tuple[int, int]]], items: list[str]) -> list[str]:
    """The `learn class grade` table: one row a learner, one column an item (score/max, '-' when
    missing), and a total over every item of the class, so missing work counts as lost points."""
    out_of = {i: max(row[i][1] for row in grid.values() if i in row) for i in items}
    first = column_width(["learner", *grid], 8) + 2
    widths = [max(len(i), 7) + 2 for i in items]
    lines = [(pad("learner", first) + "".join(i.ljust(w) for i, w in zip(items, widths)) + "total").rstrip()]
    for learner in sorted(grid):
        row = grid[learner]
        cells = "".join((f"{row[i][0]}/{row[i][1]}" if i in row else "-").ljust(w) for i, w in zip(items, widths))
        got, full = sum(row[i][0] for i in items if i in row), sum(out_of.values())
        lines.append(pad(learner, first) + cells + f"{got}/{full} ({100 * got / full if full else 0:.0f}%)")
    return lines
