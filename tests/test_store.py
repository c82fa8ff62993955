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
