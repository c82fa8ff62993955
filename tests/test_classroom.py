"""Grading a class folder: every learner's files, in parallel, each attempt stored whole."""

import json
import shutil

from click.testing import CliRunner

from grader import catalog, paths
from grader.cli import main
from grader.i18n import Text
from grader.runner import unreadable
from grader.store import Store

#: softmax's full marks on this machine (CUDA variants count only where there is CUDA)
SOFTMAX_MAX = unreadable(catalog.get("softmax"), Text("", "")).max_score


def make_class(root):
    for learner, source in {"alice": paths.SOLUTIONS_DIR / "softmax.py",
                            "bob": paths.WRONG_DIR / "softmax" / "no_max_subtracted.py",
                            "carol": paths.EXERCISES_DIR / "softmax" / "stub.py"}.items():
        (root / learner).mkdir(parents=True)
        shutil.copy(source, root / learner / "softmax.py")
    (root / "carol" / "notes.txt").write_text("not code")
    (root / "dave").mkdir()
    (root / "dave" / "softmax.py").write_bytes(b"\xff\xfe not utf-8")
    return root


def test_class_grade_json(tmp_path):
    cls = make_class(tmp_path / "class")
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "2", "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    by_learner = {row["learner"]: row for row in rows}
    assert set(by_learner) == {"alice", "bob", "carol", "dave"}
    assert by_learner["alice"]["status"] == "passed" and by_learner["alice"]["score"] == SOFTMAX_MAX
    assert by_learner["bob"]["status"] == "failed" and 0 < by_learner["bob"]["score"] < SOFTMAX_MAX
    assert by_learner["carol"]["status"] == "not_attempted"
    assert by_learner["dave"]["score"] == 0 and "UTF-8" in by_learner["dave"]["checks"][0]["message"]
    assert "notes.txt" in r.stderr

    store = Store(cls / ".learn" / "class.db")
    attempts = store.attempts()
    assert sorted(a["learner"] for a in attempts) == ["alice", "bob", "carol", "dave"]
    assert all(len(store.checks_of(a["id"])) >= 14 for a in attempts)


def test_class_grade_table_and_empty_folder(tmp_path):
    cls = make_class(tmp_path / "class")
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "1"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("learner") and "softmax" in lines[0]
    assert any(line.startswith("alice") and f"{SOFTMAX_MAX}/{SOFTMAX_MAX}" in line for line in lines)
    assert "notes.txt: not an exercise file" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = CliRunner().invoke(main, ["class", "grade", str(empty)])
    assert r.exit_code == 2 and "Nothing to grade" in r.output


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
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--json"])
    assert r.exit_code == 0, r.output
    rows = {row["learner"]: row for row in map(json.loads, r.stdout.splitlines())}
    assert rows["erin"]["exercise"] == quiz.id
    assert rows["erin"]["score"] == variant_for(quiz, "erin").questions[0].points < rows["erin"]["max_score"]
    assert rows["finn"]["score"] == 0 and rows["finn"]["checks"][0]["outcome"] == "error"
    store = Store(cls / ".learn" / "class.db")
    stored = list(store.db["quiz_answers"].rows)
    assert len(stored) == 2 * len(quiz.questions)
    assert sum(row["correct"] for row in stored) == 1


def test_class_table_totals_count_missing_work_as_lost():
    from grader.i18n import display_width
    from grader.tables import class_table
    grid = {"alice": {"softmax": (18, 18), "one_hot": (19, 19)},
            "이서연": {"softmax": (9, 18)}}
    head, alice, seoyeon = class_table(grid, ["one_hot", "softmax"])
    assert head.split() == ["learner", "one_hot", "softmax", "total"]
    assert alice.split()[1:] == ["19/19", "18/18", "37/37", "(100%)"]
    assert seoyeon.split()[1:] == ["-", "9/18", "9/37", "(24%)"]      # the missing one_hot counts as 0/19
    # columns line up in terminal cells, Korean names included
    assert display_width(alice[:alice.index("19/19")]) == display_width(seoyeon[:seoyeon.index("-")])


def test_class_grade_can_show_a_running_count(tmp_path):
    cls = make_class(tmp_path / "class")
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "1", "--progress"])
    assert r.exit_code == 0
    assert "\rgraded 1/4" in r.stderr and "\rgraded 4/4\n" in r.stderr
    assert "graded 1/4" not in r.stdout
    quiet = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "1", "--no-progress"])
    assert "\rgraded" not in quiet.stderr
