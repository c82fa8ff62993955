"""Grades leave the store as CSV, JSON lines, Gradescope results and GitHub Classroom lines."""

import base64
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import assignment, export, gradebook, paths
from grader.checks import CheckResult, ExerciseResult, Outcome
from grader.cli import main
from grader.i18n import Text
from grader.store import Store

ROOT = Path(__file__).resolve().parent.parent


def learn(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def attempt(item, got, full, kind="exercise", mistake=None):
    """An attempt with one check per point: ``got`` of ``full`` passed."""
    checks = [CheckResult(f"c{i}", Outcome.PASSED if i < got else Outcome.FAILED, 1 if i < got else 0, 1,
                          None if i < got else Text(f"check {i} failed", f"검사 {i} 실패"), mistake=mistake)
              for i in range(full)]
    return ExerciseResult(item, checks, 0.1, f"{item}{got}".ljust(64, "0"), "s" * 64, "cpu", kind)


@pytest.fixture
def graded_class(tmp_path):
    """A class folder with a class.toml and a store filled by hand: no grading needed."""
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "class.toml").write_text(
        'items = ["softmax", "one_hot", "epoch_batch_iteration"]\n'
        'due = 2027-04-01T00:00:00+00:00\n'
        'roster = ["ana", "=HYPERLINK(\\"evil\\")", "zoe"]\n'
        '[weights]\nsoftmax = 2\n')
    store = Store(cls / ".learn" / "class.db")
    store.record("ana", attempt("softmax", 9, 18), submitted_at="2027-03-01T00:00:00+00:00")
    store.record("ana", attempt("softmax", 18, 18), submitted_at="2027-05-01T00:00:00+00:00")   # late
    store.record("ana", attempt("one_hot", 19, 19), submitted_at="2027-03-01T00:00:00+00:00")
    store.record("ana", attempt("epoch_batch_iteration", 7, 7, "quiz"), submitted_at="2027-03-01T00:00:00+00:00")
    store.record('=HYPERLINK("evil")', attempt("one_hot", 10, 19))
    store.record("not-enrolled", attempt("softmax", 18, 18))
    return cls, store


def test_the_gradebook_takes_the_best_attempt_weights_it_and_marks_late_and_missing(graded_class):
    cls, store = graded_class
    book = gradebook.build(store, assignment.load(cls))
    assert [r.learner for r in book.rows] == ["ana", '=HYPERLINK("evil")', "zoe"]   # roster order
    ana = book.row("ana")
    assert ana.cells["softmax"].score == 18 and ana.cells["softmax"].attempts == 2 and ana.cells["softmax"].late
    assert ana.total == pytest.approx(4.0) and ana.out_of == 4.0 and ana.percent == pytest.approx(100)
    other = book.rows[1]
    assert other.total == pytest.approx(10 / 19) and not other.missing
    assert book.row("zoe").missing and book.row("zoe").total == 0
    assert book.others == ("not-enrolled",)


def test_csv_has_a_header_roster_order_weighted_columns_that_add_up_and_no_formulas(graded_class):
    cls, store = graded_class
    r = learn("class", "export", cls, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["learner", "softmax", "one_hot", "epoch_batch_iteration", "total", "max", "percent"]
    assert [row[0] for row in rows[1:]] == ["ana", "'=HYPERLINK(\"evil\")", "zoe"]
    assert rows[1][1:] == ["2", "1", "1", "4", "4", "100.00"]
    assert rows[3][1:] == ["0", "0", "0", "0", "4", "0.00"]
    for row in rows[1:]:
        assert sum(map(float, row[1:4])) == pytest.approx(float(row[4]), abs=1e-3)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(name):
    assert export.cell_text(name) == "'" + name
    assert export.cell_text("ana") == "ana"


def test_jsonl_gives_each_learner_and_item_and_with_attempts_each_attempt(graded_class, tmp_path):
    cls, store = graded_class
    out = tmp_path / "grades.jsonl"
    r = learn("class", "export", cls, "--format", "jsonl", "--attempts", "--out", out)
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    items = [x for x in records if x["type"] == "item"]
    attempts = [x for x in records if x["type"] == "attempt"]
    assert len(items) == 3 * 3
    ana_softmax = next(x for x in items if x["learner"] == "ana" and x["item"] == "softmax")
    assert ana_softmax["score"] == 18 and ana_softmax["attempts"] == 2 and ana_softmax["late"] is True
    assert ana_softmax["weighted"] == 2.0 and ana_softmax["first_passed_at"]
    zoe = [x for x in items if x["learner"] == "zoe"]
    assert all(x["status"] == "missing" and x["attempts"] == 0 for x in zoe)
    assert len(attempts) == 5                                   # the not-enrolled learner's is not exported
    assert [a["late"] for a in attempts if a["learner"] == "ana" and a["item"] == "softmax"] == [False, True]


def test_gradescope_results_follow_the_autograder_format(graded_class, tmp_path):
    cls, store = graded_class
    out = tmp_path / "gs"
    r = learn("class", "export", cls, "--format", "gradescope", "--out", out)
    assert r.exit_code == 0, r.output
    folders = sorted(p.name for p in out.iterdir())
    assert folders == sorted(["ana", '=HYPERLINK("evil")', "zoe"])
    ana = json.loads((out / "ana" / "results.json").read_text())
    assert set(ana) >= {"score", "output", "tests"} and ana["score"] == pytest.approx(4.0)
    for t in ana["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["status"] in ("passed", "failed") and t["visibility"] == "visible"
    assert sum(t["score"] for t in ana["tests"]) == pytest.approx(ana["score"])
    assert sum(t["max_score"] for t in ana["tests"]) == pytest.approx(4.0)
    zoe = json.loads((out / "zoe" / "results.json").read_text())
    assert zoe["score"] == 0 and all(t["status"] == "failed" for t in zoe["tests"])
    other = json.loads((out / '=HYPERLINK("evil")' / "results.json").read_text())
    failed = [t for t in other["tests"] if t["name"].startswith("one_hot") and t["status"] == "failed"]
    assert len(failed) == 9 and failed[0]["output"].startswith("check 10 failed")


def test_export_errors_are_clear(graded_class, tmp_path):
    cls, _ = graded_class
    r = learn("class", "export", cls, "--format", "gradescope")
    assert r.exit_code == 2 and "--out FOLDER" in r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = learn("class", "export", empty, "--format", "csv")
    assert r.exit_code == 2 and "learn class grade" in r.output and not (empty / ".learn").exists()


# -- the Gradescope autograder, end to end on a fake /autograder ---------------------------------

def test_the_gradescope_autograder_zip_grades_a_submission_end_to_end(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "class.toml").write_text('items = ["softmax", "one_hot", "bce", "epoch_batch_iteration"]\n'
                                    'roster = ["x"]\ndue = 2020-01-01T00:00:00+00:00\n')
    zip_path = tmp_path / "autograder.zip"
    r = learn("class", "gradescope-autograder", zip_path, "--class-dir", cls)
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
        z.extractall(tmp_path / "autograder" / "source")
    assert {"setup.sh", "run_autograder", "class.toml", "learn/pyproject.toml"} <= set(names)
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert not any("solutions" in n or n.startswith("learn/tests") or n.endswith(".pyc") for n in names)
    assert any(n.startswith("learn/grader/hidden/test_softmax.py") for n in names)
    src = tmp_path / "autograder" / "source"
    for script in ("setup.sh", "run_autograder"):
        assert subprocess.run(["bash", "-n", str(src / script)]).returncode == 0

    root = tmp_path / "autograder"
    (root / "submission").mkdir()
    shutil.copy(paths.SOLUTIONS_DIR / "softmax.py", root / "submission" / "softmax.py")
    shutil.copy(paths.WRONG_DIR / "one_hot" / "uses_max_plus_one.py", root / "submission" / "one_hot.py")
    (root / "submission" / "bce.py").symlink_to(paths.SOLUTIONS_DIR / "bce.py")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "LEARN_PYTHON": sys.executable,
           "PYTHONPATH": str(src / "learn")}                       # the zip's own code, not this checkout's
    run = subprocess.run(["bash", str(src / "run_autograder")], env=env, capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    tests = results["tests"]
    by_item = {}
    for t in tests:
        by_item.setdefault(t["name"].split(":")[0], []).append(t)
    assert all(t["status"] == "passed" for t in by_item["softmax"])
    assert sum(t["score"] for t in by_item["softmax"]) == pytest.approx(1.0)
    assert 0 < sum(t["score"] for t in by_item["one_hot"]) < 1
    assert any("num_classes" in t["output"] for t in by_item["one_hot"] if t["status"] == "failed")
    assert sum(t["score"] for t in by_item["bce"]) == 0                        # the link is never followed
    assert by_item["epoch_batch_iteration"][0]["name"].endswith("not submitted")
    assert results["score"] == pytest.approx(sum(t["score"] for t in tests))
    assert "symbolic link" in results["output"] and "execution_time" in results


# -- GitHub Classroom --------------------------------------------------------------------------

def test_learn_grade_format_classroom_prints_the_reporters_base64_line(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(paths.WRONG_DIR / "softmax" / "no_max_subtracted.py", ws / "softmax.py")
    r = CliRunner().invoke(main, ["--workspace", str(ws), "grade", "softmax", "--format", "classroom"])
    assert r.exit_code == 1
    (line,) = r.stdout.splitlines()
    data = json.loads(base64.b64decode(line))
    assert data["version"] == 3 and data["status"] == "fail"
    assert data["max_score"] == sum(t["max_score"] for t in data["tests"])
    assert 0 < sum(t["score"] for t in data["tests"]) < data["max_score"]            # partial credit
    failed = [t for t in data["tests"] if t["status"] == "fail"]
    assert failed and all(t["message"] and t["score"] == 0 for t in failed)
    assert all(set(t) >= {"name", "status", "score", "message"} for t in data["tests"])
    (ws / "softmax.py").write_text("def softmax(x, dim=-1)\n")
    broken = CliRunner().invoke(main, ["--workspace", str(ws), "grade", "softmax", "--format", "classroom"])
    assert json.loads(base64.b64decode(broken.stdout.strip()))["status"] == "error"


def test_the_classroom_doc_workflow_uses_the_command_as_it_exists():
    doc = (ROOT / "docs" / "github-classroom.md").read_text()
    assert "grade softmax --format classroom" in doc and "autograding-grading-reporter" in doc
    assert "SOFTMAX_RESULTS" in doc and "runners: softmax" in doc


def test_the_best_attempt_is_the_earliest_of_equals_and_counts_and_first_pass_are_per_item(tmp_path):
    store = Store(tmp_path / "c.db")
    first = store.record("ana", attempt("softmax", 9, 18))
    store.record("ana", attempt("softmax", 9, 18))                # as good, later: not the best
    store.record("ana", attempt("softmax", 4, 8))                 # as good a share, later still
    last = store.record("ana", attempt("one_hot", 0, 19))
    a = assignment.Assignment("t", (assignment.AssignedItem("softmax", "exercise"),
                                    assignment.AssignedItem("one_hot", "exercise")))
    row = gradebook.build(store, a).row("ana")
    assert row.cells["softmax"].best_attempt_id == first and row.cells["softmax"].attempts == 3
    assert row.cells["softmax"].first_passed_at is None and row.cells["one_hot"].last_attempt_id == last
    assert row.total == pytest.approx(0.5)
