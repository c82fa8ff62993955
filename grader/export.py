"""The gradebook leaves the store in the forms gradebooks take: CSV, JSON lines, Gradescope results.

Every export is computed from the store and the assignment alone (``grader.gradebook``),
so a class can be exported after its folder is gone. Scores follow the gradebook's rule:
an item is worth its weight (default 1) times the share of its points earned, so the
item columns of a CSV row add up to its total.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from grader import gradebook
from grader.assignment import Assignment

#: a spreadsheet reads a cell starting with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """Text safe in a spreadsheet cell: a leading formula character is neutralised with a quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _number(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") or "0"


# ------------------------------------------------------------------ CSV
def csv_text(book: gradebook.Gradebook) -> str:
    """One row per learner (roster order, else by name): each assigned item's weighted score, then
    total, max and percent. A learner name that looks like a formula is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    items = book.assignment.items
    writer.writerow(["learner", *(i.id for i in items), "total", "max", "percent"])
    for row in book.rows:
        cells = [row.cells.get(i.id) for i in items]
        writer.writerow([cell_text(row.learner), *(_number(c.weighted) if c else "0" for c in cells),
                         _number(row.total), _number(row.out_of), f"{row.percent:.2f}"])
    return out.getvalue()


# ------------------------------------------------------------------ JSON lines
def jsonl_records(store, book: gradebook.Gradebook, attempts: bool = False) -> Iterator[dict]:
    """One ``{"type": "item"}`` object per learner × assigned item (best attempt, attempts, first
    passed, late); with ``attempts``, also one ``{"type": "attempt"}`` object per attempt."""
    a = book.assignment
    for row in book.rows:
        for item in a.items:
            c = row.cells.get(item.id)
            yield {"type": "item", "learner": row.learner, "item": item.id, "kind": item.kind,
                   "weight": item.weight, "score": c.score if c else 0, "max_score": c.max_score if c else None,
                   "share": round(c.share, 6) if c else 0.0, "weighted": round(c.weighted, 6) if c else 0.0,
                   "attempts": c.attempts if c else 0, "status": c.status if c else "missing",
                   "first_passed_at": c.first_passed_at if c else None, "late": c.late if c else False,
                   "best_attempt_id": c.best_attempt_id if c else None}
    if attempts:
        learners = [r.learner for r in book.rows]
        yield from _attempt_records(store, a, learners)


def _attempt_records(store, a: Assignment, learners: list[str]) -> Iterator[dict]:
    ids, who = list(a.ids), set(learners)
    marks = ",".join("?" for _ in ids)
    rows = store.conn.execute(
        f"select id, learner, exercise, kind, finished_at, submitted_at, score, max_score, status,"
        f" submission_sha256, suite_sha256, grader_version, device, sandbox from attempts"
        f" where exercise in ({marks}) order by id", ids).fetchall()
    keys = ("attempt_id", "learner", "item", "kind", "finished_at", "submitted_at", "score", "max_score",
            "status", "submission_sha256", "suite_sha256", "grader_version", "device", "sandbox")
    for r in rows:
        if r[1] in who:
            record = {"type": "attempt", **dict(zip(keys, r))}
            record["late"] = a.is_late(record["submitted_at"])
            yield record


def jsonl_text(store, book: gradebook.Gradebook, attempts: bool = False) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl_records(store, book, attempts))


# ------------------------------------------------------------------ Gradescope
def _checks(store, attempt_id: int) -> list[tuple]:
    return store.conn.execute(
        "select check_id, outcome, points, max_points, message_en, message_ko from check_results"
        " where attempt_id = ? order by rowid", [attempt_id]).fetchall()


def gradescope_results(store, book: gradebook.Gradebook, row: gradebook.Row, lang: str = "en",
                       execution_time: float | None = None) -> dict:
    """A learner's ``results.json`` in the Gradescope autograder format: one test per check of the
    best attempt at each assigned item, its score scaled so the item is worth its weight; an
    item with no attempt is one failed test worth the item's weight."""
    tests = []
    for item in book.assignment.items:
        cell = row.cells.get(item.id)
        if cell is None:
            tests.append({"name": f"{item.id}: not submitted", "score": 0.0, "max_score": item.weight,
                          "status": "failed", "visibility": "visible",
                          "output": "No file was handed in for this item." if lang == "en"
                          else "이 항목의 파일을 내지 않았습니다."})
            continue
        checks = [c for c in _checks(store, cell.best_attempt_id) if c[1] != "skipped"]
        full = sum(c[3] for c in checks) or 1
        for check_id, outcome, points, max_points, en, ko in checks:
            scale = item.weight / full
            tests.append({"name": f"{item.id}: {check_id}", "score": points * scale,
                          "max_score": max_points * scale,
                          "status": "passed" if outcome == "passed" else "failed",
                          "output": (ko if lang == "ko" else en) or "", "visibility": "visible"})
    late = [i for i, c in row.cells.items() if c.late]
    output = f"{row.total:.4g} of {row.out_of:g} ({row.percent:.1f}%)."
    if late:
        output += f" Handed in after the due time: {', '.join(late)}."
    result = {"score": row.total, "output": output, "tests": tests,
              "extra_data": {"learner": row.learner, "percent": round(row.percent, 4), "late": late}}
    if execution_time is not None:
        result["execution_time"] = round(execution_time, 3)
    return result


def write_gradescope(store, book: gradebook.Gradebook, out: Path, lang: str = "en") -> list[Path]:
    """``out/<learner>/results.json`` for every learner of the gradebook."""
    written = []
    for row in book.rows:
        folder = Path(out) / _folder_name(row.learner)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "results.json"
        path.write_text(json.dumps(gradescope_results(store, book, row, lang), ensure_ascii=False, indent=1)
                        + "\n", encoding="utf-8")
        written.append(path)
    return written


def _folder_name(learner: str) -> str:
    """The learner's name as one folder name (names are already made safe; '.', '..' and '/' cannot
    occur in a learner folder's name, but a roster could be edited by hand)."""
    name = learner.replace("/", "\\x2f")
    return name if name not in ("", ".", "..") else f"_{name}"
