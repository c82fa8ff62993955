"""The store keeps every attempt whole: atomic writes, parallel writers, kills mid-write."""

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from grader.checks import CheckResult, ExerciseResult, Outcome
from grader.i18n import Text
from grader.store import Store


def result(score_ok=True, exercise="softmax"):
    checks = [CheckResult("a", Outcome.PASSED, 2, 2),
              CheckResult("b", Outcome.PASSED if score_ok else Outcome.FAILED, 1 if score_ok else 0, 1,
                          None if score_ok else Text("wrong", "틀림"))]
    return ExerciseResult(exercise, checks, 0.1, "s" * 64, "h" * 64, "cpu")


def test_attempt_and_checks_are_stored(tmp_path):
    store = Store(tmp_path / "p.db")
    aid = store.record("kim", result(False))
    (row,) = store.attempts("kim")
    assert row["id"] == aid and row["score"] == 2 and row["max_score"] == 3 and row["status"] == "failed"
    assert row["submission_sha256"] == "s" * 64 and row["suite_sha256"] == "h" * 64
    assert row["grader_version"] and row["device"] == "cpu" and row["finished_at"]
    checks = {c["check_id"]: c for c in store.checks_of(aid)}
    assert checks["b"]["outcome"] == "failed" and checks["b"]["message_ko"] == "틀림"


def test_summary_tracks_best_and_first_pass(tmp_path):
    store = Store(tmp_path / "p.db")
    store.record("kim", result(False))
    store.record("kim", result(True))
    store.record("kim", result(False))
    s = store.summary("kim")["softmax"]
    assert s["attempts"] == 3 and s["best"] == 3 and s["first_passed_at"] is not None


def test_failed_write_leaves_no_partial_attempt(tmp_path):
    store = Store(tmp_path / "p.db")
    with pytest.raises(sqlite3.Error):
        store.record("kim", result(), extra=("no_such_table", [{"x": 1}]))
    assert store.attempts() == []
    assert store.db.execute("select count(*) from check_results").fetchone()[0] == 0


def _writer(path, n):
    store = Store(path)
    for _ in range(n):
        store.record(f"w{os.getpid()}", result())


def test_parallel_writers_lose_no_rows(tmp_path):
    path = tmp_path / "p.db"
    Store(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, 20)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = Store(path)
    assert len(store.attempts()) == 80
    assert store.db.execute("select count(*) from check_results").fetchone()[0] == 160


KILLED_MID_WRITE = """
import os, sys
from grader.store import Store
from grader.checks import CheckResult, ExerciseResult, Outcome
store = Store(sys.argv[1])
conn = store.conn
class Dying:
    def __getattr__(self, name):
        return getattr(conn, name)
    def executemany(self, *a):
        os.kill(os.getpid(), 9)
store.conn = Dying()
store.record("kim", ExerciseResult("softmax", [CheckResult("a", Outcome.PASSED, 1, 1)]))
"""


def test_a_kill_mid_write_leaves_no_half_attempt(tmp_path):
    path = tmp_path / "p.db"
    Store(path).record("kim", result())
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(path)], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    store = Store(path)
    assert len(store.attempts()) == 1
    assert store.db.execute("select count(*) from check_results").fetchone()[0] == 2


def test_hints_counter(tmp_path):
    store = Store(tmp_path / "p.db")
    assert store.hints_shown("kim", "softmax") == 0
    store.set_hints_shown("kim", "softmax", 2)
    assert store.hints_shown("kim", "softmax") == 2


def test_an_older_store_gets_the_new_columns_and_keeps_its_rows(tmp_path):
    import sqlite3
    path = tmp_path / "old.db"
    Store(path).record("kim", result())
    conn = sqlite3.connect(path)
    conn.execute("alter table attempts drop column sandbox")            # as a store made before it existed
    conn.commit()
    conn.close()
    store = Store(path)
    assert [r["learner"] for r in store.attempts()] == ["kim"] and store.attempts()[0]["sandbox"] is None
    r = result()
    r.sandbox = "userns"
    store.record("lee", r)
    assert store.attempts(learner="lee")[0]["sandbox"] == "userns"


# -- schema version 2 ---------------------------------------------------------------------------

V1_FIXTURE = __import__("pathlib").Path(__file__).parent / "fixtures" / "store_v1.db"


def _counts(path):
    conn = sqlite3.connect(path)
    out = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
           for t in ("attempts", "check_results", "quiz_answers", "hints")}
    out["rows"] = conn.execute("select id, learner, exercise, kind, score, max_score, status,"
                               " submission_sha256 from attempts order by id").fetchall()
    out["checks"] = conn.execute("select * from check_results order by attempt_id, check_id").fetchall()
    conn.close()
    return out


def test_a_version_1_store_made_by_the_old_code_is_upgraded_in_place_keeping_every_row(tmp_path):
    import shutil
    path = tmp_path / "v1.db"
    shutil.copy(V1_FIXTURE, path)
    before = _counts(path)
    assert before["attempts"] == 7 and before["check_results"] > 100 and before["quiz_answers"] == 12
    store = Store(path)
    assert store.schema_version() == 2 and store.integrity() == "ok"
    after = _counts(path)
    assert after["rows"] == before["rows"] and after["hints"] == before["hints"]
    assert [c[:9] for c in after["checks"]] == before["checks"]      # old columns unchanged, new ones NULL
    assert all(c[9:] == (None, None) for c in after["checks"])
    # and the upgraded store takes new attempts with the new fields
    r = result(False)
    r.checks[1].mistake = "softmax.no_max_subtraction"
    aid = store.record("kim", r, source="def softmax(x): ...\n", submitted_at="2026-12-01T10:00:00+00:00")
    assert store.checks_of(aid)[1]["mistake"] == "softmax.no_max_subtraction"
    store.close()
    assert Store(path).schema_version() == 2             # opening again changes nothing


def test_the_submission_text_is_kept_once_per_hash(tmp_path):
    import hashlib
    store = Store(tmp_path / "p.db")
    src = "def softmax(x, dim=-1):\n    return x  # 한글\n"
    r = result()
    r.submission_sha256 = hashlib.sha256(src.encode()).hexdigest()
    for _ in range(3):
        store.record("kim", r, source=src)
    store.record("lee", r, source=src)
    assert store.submission(r.submission_sha256) == src
    assert store.db.execute("select count(*) from submissions").fetchone()[0] == 1
    assert store.submission("0" * 64) is None


def test_huge_messages_and_output_are_cut_before_they_are_stored(tmp_path):
    from grader.store import MAX_STORED_TEXT
    store = Store(tmp_path / "p.db")
    r = result(False)
    r.checks[1].message = Text("x" * 10_000_000, "y" * 10_000_000)
    r.checks[1].output = "z" * 10_000_000
    aid = store.record("kim", r)
    row = store.checks_of(aid)[1]
    assert MAX_STORED_TEXT <= len(row["message_en"]) < MAX_STORED_TEXT + 100
    assert len(row["output"]) < MAX_STORED_TEXT + 100 and "cut at" in row["output"]


def test_a_read_only_database_is_refused_clearly_and_left_alone(tmp_path, monkeypatch):
    from grader.store import StoreError
    path = tmp_path / "ro.db"
    Store(path).record("kim", result())
    data = path.read_bytes()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    if os.geteuid() == 0:        # root may write anyway: open it the way SQLite opens a file it cannot write
        connect = sqlite3.connect
        monkeypatch.setattr(sqlite3, "connect", lambda p, **kw: connect(f"file:{p}?mode=ro", uri=True, **kw))
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store(path).record("kim", result())
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
    assert path.read_bytes() == data


def test_a_store_made_by_a_newer_learn_is_refused_and_left_alone(tmp_path):
    from grader.store import StoreError
    path = tmp_path / "new.db"
    Store(path).conn.execute("update meta set value = '99' where key = 'schema_version'")
    data = path.read_bytes()
    with pytest.raises(StoreError, match="newer learn"):
        Store(path)
    assert path.read_bytes() == data


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    from grader.store import StoreError
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot be used"):
        Store(path)
    assert path.read_bytes() == b"my notes, not a database\n" * 100


def _opener(path):
    Store(path).record("x", result())


def test_many_graders_creating_one_new_store_at_once_do_not_collide(tmp_path):
    path = tmp_path / "new.db"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_opener, args=(path,)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(Store(path).attempts()) == 4
