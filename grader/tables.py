"""The rows `learn list` and `learn progress` print, for exercises and quizzes alike."""

from __future__ import annotations

from typing import Callable

from grader.i18n import pad


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
