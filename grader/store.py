"""The SQLite store (sqlite-utils): every attempt with its check results, one transaction each.

sqlite-utils creates the schema and serves the queries; it is imported only when
needed, so that recording an attempt in an existing store does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import cached_property
from pathlib import Path

from grader import __version__
from grader.checks import ExerciseResult

SCHEMA_VERSION = 1


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


class StoreError(Exception):
    """The database file cannot be opened or is not one of ours; nothing was written to it."""


class Store:
    """One SQLite file: a learner's own progress, or a whole class's results."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"Cannot open the database {self.path}: {e}.") from e
        try:
            conn.execute("PRAGMA busy_timeout=60000")
            conn.execute("PRAGMA journal_mode=WAL")
            self.conn = conn
            self._ensure_schema()
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{self.path} cannot be used as the database ({e}); it was left as it is. "
                             "Point --db (or LEARN_DB) at another file.") from e

    @cached_property
    def db(self):
        """The sqlite-utils view of the same connection."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    def _ensure_schema(self) -> None:
        tables = {r[0] for r in self.conn.execute("select name from sqlite_master where type = 'table'")}
        if {"attempts", "check_results", "quiz_answers", "hints", "meta"} <= tables:
            self._add_new_columns()
            return
        db = self.db
        with db.conn:
            if "attempts" not in db.table_names():
                db["attempts"].create({
                    "id": int, "learner": str, "exercise": str, "kind": str, "finished_at": str,
                    "score": int, "max_score": int, "status": str, "duration_s": float,
                    "submission_sha256": str, "suite_sha256": str, "grader_version": str,
                    "device": str, "sandbox": str}, pk="id", not_null={"learner", "exercise", "kind", "status"})
                db["attempts"].create_index(["learner", "exercise"])
            if "check_results" not in db.table_names():
                db["check_results"].create({
                    "attempt_id": int, "check_id": str, "outcome": str, "points": int,
                    "max_points": int, "device": str, "duration_s": float, "message_en": str,
                    "message_ko": str}, pk=("attempt_id", "check_id"),
                    foreign_keys=[("attempt_id", "attempts", "id")])
            if "quiz_answers" not in db.table_names():
                db["quiz_answers"].create({
                    "attempt_id": int, "question_id": str, "answer": str, "correct": int,
                    "points": int, "max_points": int, "seed": int}, pk=("attempt_id", "question_id"),
                    foreign_keys=[("attempt_id", "attempts", "id")])
            if "hints" not in db.table_names():
                db["hints"].create({"learner": str, "exercise": str, "shown": int},
                                   pk=("learner", "exercise"))
            if "meta" not in db.table_names():
                db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
        self._add_new_columns()

    def _add_new_columns(self) -> None:
        """Columns added after a store was first made; its rows keep NULL there."""
        have = {r[1] for r in self.conn.execute("pragma table_info(attempts)")}
        if "sandbox" not in have:
            self.conn.execute("alter table attempts add column sandbox text")

    def record(self, learner: str, result: ExerciseResult,
               extra: tuple[str, list[dict]] | None = None) -> int:
        """Write one attempt and its checks in one transaction; returns the attempt id.

        ``extra`` is an optional ``(table, rows)`` pair (an existing table) written in
        the same transaction, each row given the new ``attempt_id``. Raw SQL on
        purpose: sqlite-utils' writers commit on their own, which would split it.
        """
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cur = conn.execute(
                "insert into attempts (learner, exercise, kind, finished_at, score, max_score, status,"
                " duration_s, submission_sha256, suite_sha256, grader_version, device, sandbox)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [learner, result.exercise, result.kind, now(), result.score, result.max_score,
                 result.status, round(result.seconds, 4), result.submission_sha256,
                 result.suite_sha256, __version__, result.device, result.sandbox or None])
            attempt_id = cur.lastrowid
            conn.executemany(
                "insert into check_results (attempt_id, check_id, outcome, points, max_points, device,"
                " duration_s, message_en, message_ko) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[attempt_id, c.id, c.outcome.value, c.points, c.max_points, c.device,
                  round(c.seconds, 4), c.message.en if c.message else "",
                  c.message.ko if c.message else ""] for c in result.checks])
            if extra:
                table, rows = extra
                for row in rows:
                    row = {**row, "attempt_id": attempt_id}
                    cols = ", ".join(f"[{k}]" for k in row)
                    marks = ", ".join("?" for _ in row)
                    conn.execute(f"insert into [{table}] ({cols}) values ({marks})", list(row.values()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return attempt_id

    def attempts(self, learner: str | None = None, exercise: str | None = None) -> list[dict]:
        where, args = [], []
        if learner is not None:
            where.append("learner = ?")
            args.append(learner)
        if exercise is not None:
            where.append("exercise = ?")
            args.append(exercise)
        return list(self.db["attempts"].rows_where(" and ".join(where) or None, args, order_by="id"))

    def checks_of(self, attempt_id: int) -> list[dict]:
        return list(self.db["check_results"].rows_where("attempt_id = ?", [attempt_id]))

    def summary(self, learner: str) -> dict[str, dict]:
        """Per exercise: attempts, best score and max, first passed at."""
        rows = self.conn.execute("""
            select exercise, count(*) as attempts, max(score) as best, max(max_score) as max_score,
                   min(case when status = 'passed' then finished_at end) as first_passed_at,
                   max(finished_at) as last_at
            from attempts where learner = ? group by exercise""", [learner]).fetchall()
        keys = ("exercise", "attempts", "best", "max_score", "first_passed_at", "last_at")
        return {r[0]: dict(zip(keys, r)) for r in rows}

    def hints_shown(self, learner: str, exercise: str) -> int:
        row = self.conn.execute("select shown from hints where learner = ? and exercise = ?",
                              [learner, exercise]).fetchone()
        return row[0] if row else 0

    def set_hints_shown(self, learner: str, exercise: str, shown: int) -> None:
        with self.db.conn:
            self.db["hints"].upsert({"learner": learner, "exercise": exercise, "shown": shown},
                                    pk=("learner", "exercise"))

    def close(self) -> None:
        self.conn.close()
