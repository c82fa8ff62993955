"""Grading a class folder: assigned items, incremental reruns, interruptions, a hostile folder."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import catalog, paths
from grader.cli import main
from grader.i18n import Text
from grader.runner import unreadable
from grader.store import Store

#: softmax's full marks on this machine (CUDA variants count only where there is CUDA)
SOFTMAX_MAX = unreadable(catalog.get("softmax"), Text("", "")).max_score
ROOT = Path(__file__).resolve().parent.parent


def learn(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def json_rows(r):
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


def make_class(root, toml='items = ["softmax", "one_hot"]\n'):
    for learner, source in {"alice": paths.SOLUTIONS_DIR / "softmax.py",
                            "bob": paths.WRONG_DIR / "softmax" / "no_max_subtracted.py",
                            "carol": paths.EXERCISES_DIR / "softmax" / "stub.py"}.items():
        (root / learner).mkdir(parents=True)
        shutil.copy(source, root / learner / "softmax.py")
    (root / "carol" / "notes.txt").write_text("not code")
    (root / "dave").mkdir()
    (root / "dave" / "softmax.py").write_bytes(b"\xff\xfe not utf-8")
    if toml is not None:
        (root / "class.toml").write_text(toml)
    return root


def test_class_grade_json_then_a_rerun_reuses_everything(tmp_path):
    cls = make_class(tmp_path / "class")
    r = learn("class", "grade", cls, "--jobs", "2", "--json")
    assert r.exit_code == 0, r.output
    by_learner = {row["learner"]: row for row in json_rows(r)}
    assert set(by_learner) == {"alice", "bob", "carol", "dave"}
    assert by_learner["alice"]["status"] == "passed" and by_learner["alice"]["score"] == SOFTMAX_MAX
    assert by_learner["bob"]["status"] == "failed" and 0 < by_learner["bob"]["score"] < SOFTMAX_MAX
    assert by_learner["carol"]["status"] == "not_attempted"
    assert by_learner["dave"]["score"] == 0 and "UTF-8" in by_learner["dave"]["checks"][0]["message"]
    assert "notes.txt" in r.stderr and "graded 4, reused 0, failed to load 1" in r.stderr

    store = Store(cls / ".learn" / "class.db")
    attempts = store.attempts()
    assert sorted(a["learner"] for a in attempts) == ["alice", "bob", "carol", "dave"]
    assert all(len(store.checks_of(a["id"])) >= 14 for a in attempts)
    alice = store.attempts(learner="alice")[0]
    assert store.submission(alice["submission_sha256"]) == (paths.SOLUTIONS_DIR / "softmax.py").read_text()
    assert alice["submitted_at"]

    again = learn("class", "grade", cls, "--json")
    assert again.exit_code == 0 and json_rows(again) == []            # nothing new: nothing printed
    assert "graded 0, reused 4, failed to load 0" in again.stderr
    assert len(Store(cls / ".learn" / "class.db").attempts()) == 4

    shutil.copy(paths.SOLUTIONS_DIR / "softmax.py", cls / "bob" / "softmax.py")    # bob fixes his file
    fixed = learn("class", "grade", cls, "--json", "--jobs", "1")
    assert [(row["learner"], row["status"]) for row in json_rows(fixed)] == [("bob", "passed")]
    assert "graded 1, reused 3" in fixed.stderr

    everything = learn("class", "grade", cls, "--json", "--jobs", "1", "--regrade")
    assert len(json_rows(everything)) == 4 and "graded 4, reused 0" in everything.stderr


def test_a_changed_suite_regrades_the_files_it_graded(tmp_path):
    from grader import classroom
    from grader.assignment import load
    from grader.classfolder import discover
    cls = make_class(tmp_path / "class")
    store = Store(tmp_path / "c.db")
    found = discover(cls, load(cls))
    for f in found.found:
        r = unreadable(catalog.get("softmax"), Text("x", "x"))
        r.submission_sha256 = f.sha256
        store.record(f.learner, r)
    assert len(classroom.plan(found, store).todo) == 0
    store.conn.execute("update attempts set suite_sha256 = 'older checks' where learner = 'bob'")
    assert [f.learner for f in classroom.plan(found, store).todo] == ["bob"]
    assert len(classroom.plan(found, store, regrade=True).todo) == 4


def test_totals_are_out_of_the_assigned_set_not_what_others_handed_in(tmp_path):
    cls = tmp_path / "class"
    for learner in ("ana", "ben"):
        (cls / learner).mkdir(parents=True)
        shutil.copy(paths.SOLUTIONS_DIR / "softmax.py", cls / learner / "softmax.py")
    (cls / "class.toml").write_text('items = ["softmax", "one_hot", "epoch_math"]\n')
    first = learn("class", "grade", cls, "--jobs", "1")
    ana_before = next(line for line in first.stdout.splitlines() if line.startswith("ana"))
    shutil.copy(paths.SOLUTIONS_DIR / "one_hot.py", cls / "ben" / "one_hot.py")   # ben hands in one more
    second = learn("class", "grade", cls, "--jobs", "1")
    ana_after = next(line for line in second.stdout.splitlines() if line.startswith("ana"))
    assert ana_before.split()[-2:] == ana_after.split()[-2:] == ["1/3", "(33%)"]
    assert next(line for line in second.stdout.splitlines() if line.startswith("ben")).split()[-2:] == \
        ["2/3", "(67%)"]


def test_roster_missing_learners_count_zero_and_unlisted_folders_are_not_graded(tmp_path):
    cls = make_class(tmp_path / "class", 'items = ["softmax"]\nroster = ["alice", "bob", "zoe"]\n')
    r = learn("class", "grade", cls, "--jobs", "1")
    assert r.exit_code == 0, r.output
    rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
    assert list(rows) == ["alice", "bob", "zoe"]                       # roster order
    assert rows["zoe"].split()[-3:] == ["0/1", "(0%)", "missing"]
    assert "not on the roster, not graded: carol" in r.stderr and "dave" in r.stderr
    assert "on the roster, no folder (counts 0): zoe" in r.stderr
    assert {a["learner"] for a in Store(cls / ".learn" / "class.db").attempts()} == {"alice", "bob"}


def test_a_bad_class_file_is_a_clear_error_with_exit_2(tmp_path):
    cls = make_class(tmp_path / "class", 'items = ["softmax", "sofmax"]\n')
    r = learn("class", "grade", cls)
    assert r.exit_code == 2 and "line 1" in r.output and "Did you mean 'softmax'" in r.output
    assert not (cls / ".learn").exists()


def test_class_init_writes_a_starter_file_and_never_overwrites_one(tmp_path):
    r = learn("class", "init", tmp_path, "--title", "DL 101")
    assert r.exit_code == 0 and "class.toml" in r.output
    text = (tmp_path / "class.toml").read_text()
    assert 'title = "DL 101"' in text and '"softmax",' in text
    (tmp_path / "class.toml").write_text("# mine\n")
    again = learn("class", "init", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.output
    assert (tmp_path / "class.toml").read_text() == "# mine\n"


def test_nothing_to_grade_is_a_usage_error(tmp_path):
    r = learn("class", "grade", tmp_path)
    assert r.exit_code == 2 and "Nothing to grade" in r.output


def test_the_progress_bar_shows_count_rate_and_time_left(tmp_path):
    cls = make_class(tmp_path / "class")
    r = learn("class", "grade", cls, "--jobs", "1", "--progress")
    assert r.exit_code == 0
    assert "graded 4/4" in r.stderr and "/s" in r.stderr and "\r[" in r.stderr
    assert "[" not in r.stdout.splitlines()[0]
    quiet = learn("class", "grade", cls, "--jobs", "1", "--no-progress", "--regrade")
    assert "\r[" not in quiet.stderr and quiet.stderr.count("graded 4, reused 0") == 1


def test_class_grade_picks_up_quiz_answer_files(tmp_path):
    from grader.quiz import list_quizzes, variant_for
    quiz = list_quizzes()[0]
    cls = tmp_path / "class"
    for learner in ("erin", "finn"):
        folder = cls / learner / "quizzes"
        folder.mkdir(parents=True)
        variant = variant_for(quiz, learner)
        first = variant.questions[0]
        answer = repr(first.expected) if first.kind == "numeric" else json.dumps(
            first.expected if first.kind == "single" else
            ",".join(sorted(first.expected)) if first.kind == "multiple" else first.expected[0])
        (folder / f"{quiz.id}.toml").write_text(f"{first.id} = {answer}\n", encoding="utf-8")
    (cls / "finn" / "quizzes" / f"{quiz.id}.toml").write_text("broken = = \n", encoding="utf-8")
    r = learn("class", "grade", cls, "--json")
    assert r.exit_code == 0, r.output
    rows = {row["learner"]: row for row in map(json.loads, r.stdout.splitlines())}
    assert rows["erin"]["exercise"] == quiz.id
    assert rows["erin"]["score"] == variant_for(quiz, "erin").questions[0].points < rows["erin"]["max_score"]
    assert rows["finn"]["score"] == 0 and rows["finn"]["checks"][0]["outcome"] == "error"
    assert "failed to load 1" in r.stderr
    store = Store(cls / ".learn" / "class.db")
    stored = list(store.db["quiz_answers"].rows)
    assert len(stored) == 2 * len(quiz.questions)
    assert sum(row["correct"] for row in stored) == 1
    erin = store.attempts(learner="erin")[0]
    assert store.submission(erin["submission_sha256"]).startswith(first.id)


def test_class_table_from_the_gradebook_lines_up_and_marks_late_and_missing():
    from grader.assignment import Assignment, AssignedItem
    from grader.gradebook import Cell, Gradebook, Row
    from grader.i18n import display_width
    from grader.tables import class_table
    a = Assignment("t", (AssignedItem("one_hot", "exercise"), AssignedItem("softmax", "exercise", 2.0)),
                   roster=("alice", "이서연", "zoe"))

    def cell(item, score, full, late=False):
        return Cell(item, score, full, score / full, (2.0 if item == "softmax" else 1.0) * score / full, 1, 1, 1,
                    None, late, "passed" if score == full else "failed")
    book = Gradebook(a, (Row("alice", {"softmax": cell("softmax", 18, 18), "one_hot": cell("one_hot", 19, 19, True)},
                             3.0, 3.0),
                         Row("이서연", {"softmax": cell("softmax", 9, 18)}, 1.0, 3.0),
                         Row("zoe", {}, 0.0, 3.0, missing=True)))
    head, alice, seoyeon, zoe = class_table(book)
    assert head.split() == ["learner", "one_hot", "softmax", "total"]
    assert alice.split()[1:] == ["19/19*", "18/18", "3/3", "(100%)"]
    assert seoyeon.split()[1:] == ["-", "9/18", "1/3", "(33%)"]      # the missing one_hot counts as 0
    assert zoe.split()[1:] == ["-", "-", "0/3", "(0%)", "missing"]
    assert display_width(alice[:alice.index("19/19")]) == display_width(seoyeon[:seoyeon.index("-")])


# -- interruptions and parallel runs (real processes) --------------------------------------------

def _run_class(cls, *extra, **kw):
    return subprocess.Popen([sys.executable, "-m", "grader.cli", "class", "grade", str(cls), "--jobs", "1",
                             "--json", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, **kw)


def _many_learners(root, n):
    for i in range(n):
        (root / f"l{i:02d}").mkdir(parents=True)
        shutil.copy(paths.SOLUTIONS_DIR / "softmax.py", root / f"l{i:02d}" / "softmax.py")
    (root / "class.toml").write_text('items = ["softmax"]\n')
    return root


def _wait_for_rows(db, n, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("select count(*) from attempts").fetchone()[0] >= n:
                    return
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} attempts after {timeout} s")


@pytest.mark.parametrize("how", ["ctrl-c", "kill-9"])
def test_an_interrupted_run_keeps_what_it_graded_and_the_rerun_finishes_the_rest(tmp_path, how):
    cls = _many_learners(tmp_path / "class", 12)
    db = cls / ".learn" / "class.db"
    proc = _run_class(cls, start_new_session=True)
    _wait_for_rows(db, 2)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)          # as a terminal's Ctrl-C: the whole process group
    else:
        proc.kill()
    out, err = proc.communicate(timeout=60)
    if how == "ctrl-c":
        assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    else:
        assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)                                   # workers die with their parent
    kept = Store(db)
    assert kept.integrity() == "ok"
    done = {a["learner"] for a in kept.attempts()}
    assert 0 < len(done) < 12 and len(kept.attempts()) == len(done)
    rerun = _run_class(cls)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"graded {12 - len(done)}, reused {len(done)}" in err
    final = Store(db)
    assert final.integrity() == "ok" and len(final.attempts()) == 12
    assert {a["learner"] for a in final.attempts()} == {f"l{i:02d}" for i in range(12)}   # none twice
    assert all(a["status"] == "passed" for a in final.attempts())


def test_four_graders_on_one_database_lose_no_rows_and_never_report_a_lock(tmp_path):
    cls = _many_learners(tmp_path / "class", 3)
    procs = [_run_class(cls, "--regrade") for _ in range(4)]
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        assert "locked" not in err and len(out.splitlines()) == 3
    store = Store(cls / ".learn" / "class.db")
    assert store.integrity() == "ok" and len(store.attempts()) == 12
    assert store.db.execute("select count(distinct attempt_id) from check_results").fetchone()[0] == 12


def test_a_corrupt_or_foreign_database_is_refused_with_exit_2_and_left_alone(tmp_path):
    cls = make_class(tmp_path / "class")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    before = bad.read_bytes()
    r = learn("class", "grade", cls, "--db", bad)
    assert r.exit_code == 2 and "cannot be used" in r.output and "Traceback" not in r.output
    assert bad.read_bytes() == before
