"""The `learn` commands through click's CliRunner: output, files, exit status."""

import json

import pytest
from click.testing import CliRunner

from grader import catalog, paths
from grader.cli import main
from grader.i18n import Text
from grader.runner import unreadable

#: softmax's full marks on this machine (CUDA variants count only where there is CUDA)
SOFTMAX_MAX = unreadable(catalog.get("softmax"), Text("", "")).max_score


@pytest.fixture
def learn(tmp_path):
    ws = tmp_path / "ws"
    runner = CliRunner()

    def run(*args, lang="en"):
        return runner.invoke(main, ["--workspace", str(ws), "--lang", lang, "--learner", "kim", *args],
                             catch_exceptions=False)
    run.ws = ws
    return run


def put(learn, exercise, source_path):
    (learn.ws / f"{exercise}.py").write_text(source_path.read_text())


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name, cmd in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert cmd.help and "Example" in cmd.help, f"{name} needs help text with an example"


def test_start_writes_the_stub_and_prints_the_prompt(learn):
    r = learn("start", "softmax")
    assert r.exit_code == 0
    assert "numerically stable" in r.output and "learn grade softmax" in r.output
    assert (learn.ws / "softmax.py").read_text() == (paths.EXERCISES_DIR / "softmax" / "stub.py").read_text()


def test_start_never_overwrites_learner_work(learn):
    learn("start", "softmax")
    (learn.ws / "softmax.py").write_text("# my precious work\n")
    r = learn("start", "softmax")
    assert r.exit_code == 2
    assert "already exists" in r.output and "learn reset softmax" in r.output
    assert (learn.ws / "softmax.py").read_text() == "# my precious work\n"


def test_force_and_reset_keep_a_backup(learn):
    learn("start", "softmax")
    (learn.ws / "softmax.py").write_text("# attempt 1\n")
    assert learn("start", "softmax", "--force").exit_code == 0
    (learn.ws / "softmax.py").write_text("# attempt 2\n")
    assert learn("reset", "softmax", "--yes").exit_code == 0
    backups = sorted(p.read_text() for p in (learn.ws / ".learn" / "backups").glob("softmax.*.py"))
    assert backups == ["# attempt 1\n", "# attempt 2\n"]
    assert "NotImplementedError" in (learn.ws / "softmax.py").read_text()


def test_unknown_exercise_suggests_the_closest(learn):
    r = learn("start", "sofmax")
    assert r.exit_code == 2
    assert "Did you mean: softmax" in r.output


def test_grade_before_start_says_what_to_do(learn):
    r = learn("grade", "softmax")
    assert r.exit_code == 2
    assert "learn start softmax" in r.output


def test_grade_with_nothing_started(learn):
    r = learn("grade")
    assert r.exit_code == 2 and f"learn start {catalog.load_catalog()[0].id}`" in r.output   # the first exercise


def test_grade_a_file_that_is_not_utf8(learn):
    learn.ws.mkdir(parents=True)
    (learn.ws / "softmax.py").write_bytes(b"\xff\xfe\x00bad")
    r = learn("grade", "softmax")
    assert r.exit_code == 2 and "UTF-8" in r.output


def test_grade_stub_wrong_and_right(learn):
    learn("start", "softmax")
    r = learn("grade", "softmax")
    assert r.exit_code == 1 and f"0/{SOFTMAX_MAX}" in r.output and "not attempted" in r.output
    put(learn, "softmax", paths.WRONG_DIR / "softmax" / "no_max_subtracted.py")
    r = learn("grade", "softmax")
    assert r.exit_code == 1
    assert "large_logits" in r.output and "subtract the max" in r.output and "nan" in r.output
    put(learn, "softmax", paths.SOLUTIONS_DIR / "softmax.py")
    r = learn("grade", "softmax")
    assert r.exit_code == 0 and f"{SOFTMAX_MAX}/{SOFTMAX_MAX}" in r.output and "passed" in r.output


def test_grade_json_has_the_contract_keys(learn):
    learn("start", "softmax")
    put(learn, "softmax", paths.WRONG_DIR / "softmax" / "global_max.py")
    r = learn("grade", "softmax", "--json")
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert {"exercise", "score", "max_score", "status", "checks"} <= set(obj)
    assert obj["exercise"] == "softmax" and obj["status"] == "failed" and 0 < obj["score"] < obj["max_score"]
    check = next(c for c in obj["checks"] if c["id"] == "per_slice_max")
    assert set(check) >= {"id", "outcome", "points", "max_points", "message"}
    assert check["outcome"] == "failed" and check["points"] == 0 and "own max" in check["message"]


def test_feedback_in_korean(learn):
    learn("start", "softmax")
    put(learn, "softmax", paths.WRONG_DIR / "softmax" / "no_max_subtracted.py")
    r = learn("grade", "softmax", lang="ko")
    assert "다시 볼 개념" in r.output and "최댓값" in r.output
    assert "소프트맥스" in learn("show", "softmax", lang="ko").output


def test_hints_come_one_at_a_time_and_are_remembered(learn):
    first = learn("hint", "softmax").output
    second = learn("hint", "softmax").output
    assert "Hint 1 of 3" in first and "Hint 2 of 3" in second and first != second
    learn("hint", "softmax")
    assert "last hint" in learn("hint", "softmax").output


def test_list_and_progress_follow_the_learner(learn):
    out = learn("list").output
    assert "softmax" in out and "not started" in out
    learn("start", "softmax")
    assert "in progress" in [line for line in learn("list").output.splitlines() if "softmax" in line][0]
    put(learn, "softmax", paths.SOLUTIONS_DIR / "softmax.py")
    learn("grade", "softmax")
    learn("grade", "softmax")
    line = [ln for ln in learn("list").output.splitlines() if " softmax " in ln][0]
    assert "passed" in line and f"{SOFTMAX_MAX}/{SOFTMAX_MAX}" in line
    prog = [ln for ln in learn("progress").output.splitlines() if ln.startswith("softmax")][0]
    assert prog.split()[1] == "2" and f"{SOFTMAX_MAX}/{SOFTMAX_MAX}" in prog


def test_grade_without_arguments_grades_every_started_exercise(learn):
    learn("start", "softmax")
    put(learn, "softmax", paths.SOLUTIONS_DIR / "softmax.py")
    r = learn("grade", "--json")
    assert [json.loads(x)["exercise"] for x in r.output.strip().splitlines()] == ["softmax"]


def test_db_option_and_env(learn, tmp_path, monkeypatch):
    db = tmp_path / "elsewhere" / "p.db"
    monkeypatch.setenv("LEARN_DB", str(db))
    learn("start", "softmax")
    learn("grade", "softmax")
    assert db.exists()


def test_verify_one_exercise():
    r = CliRunner().invoke(main, ["verify", "softmax"])
    assert r.exit_code == 0, r.output
    assert "all good" in r.output


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_list_columns_line_up_in_both_languages(learn, lang):
    from grader.i18n import display_width
    learn("start", "softmax")
    rows = [ln for ln in learn("list", lang=lang).output.splitlines() if ln.strip() and not ln.rstrip().endswith(":")]
    # the status column starts at the same terminal column on every row, exercises and quizzes alike
    status = {"en": ("not started", "in progress", "passed"), "ko": ("시작 전", "진행 중", "통과")}[lang]
    starts = set()
    for row in rows:
        at = min(row.index(s) for s in status if s in row)
        starts.add(display_width(row[:at]))
    assert len(rows) >= 20 and len(starts) == 1, rows


def test_checks_failing_with_one_message_are_shown_once(learn):
    learn("start", "softmax")
    (learn.ws / "softmax.py").write_text("import sys\nsys.exit(3)\n")
    out = learn("grade", "softmax").output
    assert out.count("could not be loaded") == 1
    assert "basic_vector, rows_of_a_batch" in out and f"[error, 0/{SOFTMAX_MAX}]" in out
    put(learn, "softmax", paths.WRONG_DIR / "softmax" / "uses_torch_softmax.py")
    out = learn("grade", "softmax").output
    assert out.count("asks you to write yourself") == 1 and "[banned, 0/" in out
    put(learn, "softmax", paths.WRONG_DIR / "softmax" / "ignores_dim.py")
    out = learn("grade", "softmax").output
    assert "✗ dim0_columns [failed, 0/1]" in out and "✗ three_d_dim1 [failed, 0/2]" in out


def test_a_database_that_is_not_one_is_refused_and_left_alone(learn, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("my notes, not a database")
    learn("start", "softmax")
    for args in (("grade", "softmax"), ("progress",), ("hint", "softmax")):
        r = learn("--db", str(bad), *args)
        assert r.exit_code == 2 and "cannot be used as the database" in r.output, args
    assert bad.read_text() == "my notes, not a database"
    (tmp_path / "file").write_text("")
    r = learn("--db", str(tmp_path / "file" / "x.db"), "grade", "softmax")    # its folder is a file
    assert r.exit_code == 2 and "Cannot open the database" in r.output


def test_exercise_named_by_its_file_or_in_another_case(learn, tmp_path, monkeypatch):
    learn("start", "softmax")
    put(learn, "softmax", paths.SOLUTIONS_DIR / "softmax.py")
    assert learn("grade", "Softmax").exit_code == 0
    monkeypatch.chdir(learn.ws)
    assert learn("grade", "softmax.py").exit_code == 0          # the workspace's own file
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "softmax.py").write_text("")
    r = learn("grade", str(elsewhere / "softmax.py"))          # another file of that name: not silently swapped
    assert r.exit_code == 2 and "learn works on" in r.output and "--workspace" in r.output
    assert "Did you mean: softmax" in learn("grade", "sofmax.py").output


def test_what_the_code_printed_is_shown_under_a_failed_check_only(learn):
    learn("start", "softmax")
    src = (paths.WRONG_DIR / "softmax" / "global_max.py").read_text()
    src = src.replace("def softmax(x, dim=-1):\n", "def softmax(x, dim=-1):\n    print('shape', tuple(x.shape))\n", 1)
    assert "print('shape'" in src
    (learn.ws / "softmax.py").write_text(src)
    out = learn("grade", "softmax").output
    block = out.split("✗ large_logits", 1)[1].split("✗", 1)[0]
    assert "Your code printed:" in block and "| shape (2, 3)" in block
    data = json.loads(learn("grade", "softmax", "--json").output)
    failed = [c for c in data["checks"] if c["outcome"] == "failed"]
    assert out.count("Your code printed:") == len(failed) >= 2       # under failed checks, not passed ones
    assert all(c["output"].startswith("shape (") for c in failed)
    assert all(c["output"] == "" for c in data["checks"] if c["outcome"] == "passed")
    assert {c["id"]: c["output"] for c in failed}["large_logits"] == "shape (2, 3)\n"
    assert "코드가 출력한 내용:" in learn("grade", "softmax", lang="ko").output


def test_a_weak_sandbox_is_said_out_loud(learn, monkeypatch):
    import grader.pytest_grading
    real = grader.pytest_grading.grade_source

    def weak(*args, **kwargs):
        result = real(*args, **kwargs)
        result.sandbox = "rlimits"
        return result
    learn("start", "softmax")
    assert "resource limits only" not in learn("grade", "softmax").stderr
    monkeypatch.setattr(grader.pytest_grading, "grade_source", weak)
    r = learn("grade", "softmax")
    assert "resource limits only" in r.stderr and "resource limits only" not in r.stdout


def test_a_grade_keeps_the_code_graded_when_it_changed_and_the_hints_seen(learn):
    from grader.store import Store
    learn("start", "softmax")
    learn("hint", "softmax")
    learn("hint", "softmax")
    put(learn, "softmax", paths.SOLUTIONS_DIR / "softmax.py")
    learn("grade", "softmax")
    store = Store(learn.ws / ".learn" / "progress.db")
    (attempt,) = store.attempts(learner="kim")
    assert store.submission(attempt["submission_sha256"]) == (paths.SOLUTIONS_DIR / "softmax.py").read_text()
    assert attempt["hints_used"] == 2 and attempt["submitted_at"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_learn_grade_survives_surrogates_and_escapes_from_learner_code(learn, fmt):
    learn.ws.mkdir(parents=True, exist_ok=True)
    (learn.ws / "softmax.py").write_text(
        'print("\\ud800 \\x1b[2J")\n'
        'def softmax(x, dim=-1):\n    raise ValueError("lone \\ud800 \\x1b]0;t\\x07")\n', encoding="utf-8")
    r = learn("grade", "softmax", "--format", fmt)
    assert r.exit_code == 1 and "\x1b" not in r.output and "\\ud800" in r.output


def test_a_warning_is_shown_at_the_learners_line_not_the_graders(learn):
    learn("start", "one_hot")
    (learn.ws / "one_hot.py").write_text(
        "import torch\n\n\ndef one_hot(labels, num_classes):\n"
        "    return torch.eye(num_classes)[labels]\n\n\ndef decode(scores):\n    return scores.argmax(dim=-1)\n")
    out = learn("grade", "one_hot").output
    assert "one_hot.py:5: UserWarning: indexing with dtype torch.uint8" in out, out
    assert "grader" not in out.split("Your code printed:", 1)[1] and "Triggered internally" not in out
