"""The SQLite store: every attempt with its check results, one transaction each.

One file holds a learner's own progress or a whole class's results. The schema is
created and upgraded here with plain SQL inside one ``BEGIN IMMEDIATE`` transaction,
so two graders opening a new file at once cannot trip over each other;
sqlite-utils serves the queries and is imported only when one is made, so that
recording an attempt does not pay for its import.

Schema version 2 (version 1 is upgraded in place, every row kept):

- ``attempts``: one graded attempt (learner, exercise or quiz id, kind, when it was
  graded and when its file was last changed, score, status, hashes of the submission
  and of the suite that graded it, grader version, device, confinement, hints used).
- ``check_results``: one row per check of an attempt, with the learner's message in
  both languages, what their code printed (capped) and the named mistake, if any.
- ``quiz_answers``: one row per question of a quiz attempt: the answer as the learner
  wrote it, the ids of the options chosen (letters are shuffled per learner), and the
  named misconception behind a wrong answer, if any.
- ``submissions``: the text of every submission, content-addressed by its sha256,
  stored once however often it is graded.
- ``hints``: how many hints each learner has seen per exercise; ``meta``: the version.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import cached_property
from pathlib import Path

from grader import __version__
from grader.checks import ExerciseResult

SCHEMA_VERSION = 2

#: the most characters one stored message or captured output may take; the rest is cut with a note
MAX_STORED_TEXT = 16_000

_TABLES = """
create table if not exists attempts (
    id integer primary key, learner text not null, exercise text not null, kind text not null,
    finished_at text, score integer, max_score integer, status text not null, duration_s float,
    submission_sha256 text, suite_sha256 text, grader_version text, device text, sandbox text,
    submitted_at text, hints_used integer);
create index if not exists idx_attempts_learner_exercise on attempts (learner, exercise);
create table if not exists check_results (
    attempt_id integer references attempts(id), check_id text, outcome text, points integer,
    max_points integer, device text, duration_s float, message_en text, message_ko text,
    output text, mistake text, primary key (attempt_id, check_id));
create table if not exists quiz_answers (
    attempt_id integer references attempts(id), question_id text, answer text, correct integer,
    points integer, max_points integer, seed integer, choice text, mistake text,
    primary key (attempt_id, question_id));
create table if not exists hints (learner text, exercise text, shown integer, primary key (learner, exercise));
create table if not exists submissions (sha256 text primary key, text text not null, bytes integer not null);
create table if not exists meta (key text primary key, value text);
"""

#: columns added since a table was first made: (table, column, type). An older store gets them
#: (NULL in its old rows) when it is opened.
_ADDED_COLUMNS = [
    ("attempts", "sandbox", "text"),
    ("attempts", "submitted_at", "text"),
    ("attempts", "hints_used", "integer"),
    ("check_results", "output", "text"),
    ("check_results", "mistake", "text"),
    ("quiz_answers", "choice", "text"),
    ("quiz_answers", "mistake", "text"),
]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def capped(text: str | None, limit: int = MAX_STORED_TEXT) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[:limit] + f"\n…(cut at {limit} characters)"


def _read_only(e: Exception) -> bool:
    return "readonly" in str(e) or "read-only" in str(e)


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
            if _read_only(e):
                raise self._read_only_error(e) from e
            raise StoreError(f"{self.path} cannot be used as the database ({e}); it was left as it is. "
                             "Point --db (or LEARN_DB) at another file.") from e

    def _read_only_error(self, e: Exception) -> StoreError:
        return StoreError(f"The database {self.path} is read-only ({e}); nothing was written. "
                          "Make it writable, or point --db (or LEARN_DB) at another file.")

    @cached_property
    def db(self):
        """The sqlite-utils view of the same connection."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        row = self.conn.execute("select value from meta where key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _ensure_schema(self) -> None:
        """Create a new store, or upgrade an older one in place, in one transaction."""
        if self._is_current():
            return
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = self._tables()
            if tables and "attempts" not in tables:
                raise sqlite3.DatabaseError("it holds tables that are not learn's")
            version = self.schema_version() if "meta" in tables else 0
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"it was made by a newer learn (schema {version}; this one knows {SCHEMA_VERSION})")
            for statement in _TABLES.split(";"):
                if statement.strip():
                    conn.execute(statement)
            for table, column, kind in _ADDED_COLUMNS:
                if column not in self._columns(table):
                    conn.execute(f"alter table {table} add column {column} {kind}")
            conn.execute("insert or replace into meta (key, value) values ('schema_version', ?)",
                         [str(SCHEMA_VERSION)])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _is_current(self) -> bool:
        tables = self._tables()
        if "meta" not in tables or "submissions" not in tables:
            return False
        return self.schema_version() == SCHEMA_VERSION and all(
            column in self._columns(table) for table, column, _ in _ADDED_COLUMNS)

    def _tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute("select name from sqlite_master where type = 'table'")}

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"pragma table_info({table})")}

    # ------------------------------------------------------------------ writing
    def record(self, learner: str, result: ExerciseResult, extra: tuple[str, list[dict]] | None = None, *,
               source: str | None = None, submitted_at: str | None = None,
               hints_used: int | None = None) -> int:
        """Write one attempt and its checks in one transaction; returns the attempt id.

        ``source`` is the submission's text, kept once per sha256 (``result.submission_sha256``
        must be the sha256 of its UTF-8 bytes); ``submitted_at`` when its file was last changed.
        ``extra`` is an optional ``(table, rows)`` pair (an existing table) written in the same
        transaction, each row given the new ``attempt_id``. Raw SQL on purpose: sqlite-utils'
        writers commit on their own, which would split it.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise self._read_only_error(e) if _read_only(e) else e
        try:
            cur = conn.execute(
                "insert into attempts (learner, exercise, kind, finished_at, score, max_score, status,"
                " duration_s, submission_sha256, suite_sha256, grader_version, device, sandbox,"
                " submitted_at, hints_used) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [learner, result.exercise, result.kind, now(), result.score, result.max_score,
                 result.status, round(result.seconds, 4), result.submission_sha256,
                 result.suite_sha256, __version__, result.device, result.sandbox or None,
                 submitted_at, hints_used])
            attempt_id = cur.lastrowid
            conn.executemany(
                "insert into check_results (attempt_id, check_id, outcome, points, max_points, device,"
                " duration_s, message_en, message_ko, output, mistake)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[attempt_id, c.id, c.outcome.value, c.points, c.max_points, c.device,
                  round(c.seconds, 4), capped(c.message.en if c.message else ""),
                  capped(c.message.ko if c.message else ""), capped(c.output), c.mistake]
                 for c in result.checks])
            if source is not None and result.submission_sha256:
                conn.execute("insert or ignore into submissions (sha256, text, bytes) values (?, ?, ?)",
                             [result.submission_sha256, source, len(source.encode("utf-8", "surrogatepass"))])
            if extra:
                table, rows = extra
                for row in rows:
                    row = {**row, "attempt_id": attempt_id}
                    cols = ", ".join(f"[{k}]" for k in row)
                    marks = ", ".join("?" for _ in row)
                    conn.execute(f"insert into [{table}] ({cols}) values ({marks})", list(row.values()))
            conn.execute("COMMIT")
        except BaseException as e:
            conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.OperationalError) and _read_only(e):
                raise self._read_only_error(e) from e
            raise
        return attempt_id

    # ------------------------------------------------------------------ reading
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

    def submission(self, sha256: str) -> str | None:
        """The text of a stored submission, or None."""
        row = self.conn.execute("select text from submissions where sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def latest_hashes(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(learner, item) -> (submission sha256, suite sha256) of the newest attempt of each."""
        rows = self.conn.execute(
            "select learner, exercise, submission_sha256, suite_sha256 from attempts"
            " where id in (select max(id) from attempts group by learner, exercise)").fetchall()
        return {(r[0], r[1]): (r[2], r[3]) for r in rows}

    def summary(self, learner: str) -> dict[str, dict]:
        """Per exercise: attempts, best score and max, first passed at."""
        rows = self.conn.execute("""
            select exercise, count(*) as attempts, max(score) as best, max(max_score) as max_score,
                   min(case when status = 'passed' then finished_at end) as first_passed_at,
                   max(finished_at) as last_at
            from attempts where learner = ? group by exercise""", [learner]).fetchall()
        keys = ("exercise", "attempts", "best", "max_score", "first_passed_at", "last_at")
        return {r[0]: dict(zip(keys, r)) for r in rows}

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok", or what is wrong."""
        return "; ".join(r[0] for r in self.conn.execute("pragma integrity_check").fetchall())

    def hints_shown(self, learner: str, exercise: str) -> int:
        row = self.conn.execute("select shown from hints where learner = ? and exercise = ?",
                                [learner, exercise]).fetchone()
        return row[0] if row else 0

    def set_hints_shown(self, learner: str, exercise: str, shown: int) -> None:
        try:
            self.conn.execute("insert or replace into hints (learner, exercise, shown) values (?, ?, ?)",
                              [learner, exercise, shown])
        except sqlite3.OperationalError as e:
            raise self._read_only_error(e) if _read_only(e) else e

    def close(self) -> None:
        self.conn.close()
