"""`learn quiz` through click's CliRunner: interactive, --show, --answers, --json, Ctrl-C and resume,
storage, and the quiz rows of `learn list` / `learn progress`; plus the class-grading functions."""

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from grader.checks import ExerciseResult
from grader.cli import main
from grader.quiz import QuizError, find_answer_files, grade_answers_file, list_quizzes, quiz_seed, variant_for
from grader.quiz.answer_file import read_answers
from grader.store import Store

# the quiz with the most kinds of question, whichever it is
QUIZ = max(list_quizzes(), key=lambda q: (len({x.kind for x in q.questions}), -q.order))
LEARNER = "alice"
VARIANT = variant_for(QUIZ, LEARNER)
N = len(VARIANT.questions)


def right(qv) -> str:
    if qv.kind == "numeric":
        return repr(qv.expected)
    if qv.kind == "single":
        return qv.expected
    if qv.kind == "multiple":
        return ",".join(sorted(qv.expected))
    return qv.expected[0]


def wrong(qv) -> str:
    if qv.kind == "numeric":
        return repr(qv.expected + 1000)
    if qv.kind == "single":
        return next(k for k in qv.keys if k != qv.expected)
    if qv.kind == "multiple":
        return ",".join(sorted(set(qv.keys) - qv.expected) or qv.keys[:1])
    return "surely not this"


@pytest.fixture
def ws(tmp_path):
    return tmp_path / "ws"


def learn(ws: Path, *args, input=None, learner=LEARNER, lang="en"):
    runner = CliRunner()
    env = {"LEARN_DB": None, "LEARN_WORKSPACE": None, "LEARN_LANG": None, "LEARN_LEARNER": None}
    return runner.invoke(main, ["--workspace", str(ws), "--learner", learner, "--lang", lang, *args],
                         input=input, env=env)


def saved(ws: Path) -> Path:
    return ws / "quizzes" / f"{QUIZ.id}.toml"


def attempts(ws: Path):
    db = ws / ".learn" / "progress.db"
    return Store(db).attempts() if db.exists() else []


def quiz_rows(ws: Path, attempt_id: int):
    store = Store(ws / ".learn" / "progress.db")
    return list(store.db["quiz_answers"].rows_where("attempt_id = ?", [attempt_id], order_by="rowid"))


# -- interactive ---------------------------------------------------------------------------------

def test_interactive_all_right_grades_on_the_spot_stores_and_exits_0(ws):
    r = learn(ws, "quiz", QUIZ.id, input="".join(right(qv) + "\n" for qv in VARIANT.questions))
    assert r.exit_code == 0, r.output
    assert r.output.count("✓ correct") == N
    for qv in VARIANT.questions:
        assert qv.prompt.en.splitlines()[0] in r.output
        assert qv.explanation.en.splitlines()[0] in r.output
    assert f"{QUIZ.id}: {QUIZ.max_score}/{QUIZ.max_score}  passed" in r.output
    (attempt,) = attempts(ws)
    assert attempt["kind"] == "quiz" and attempt["exercise"] == QUIZ.id and attempt["status"] == "passed"
    rows = quiz_rows(ws, attempt["id"])
    assert [row["question_id"] for row in rows] == [qv.id for qv in VARIANT.questions]
    assert all(row["correct"] == 1 and row["seed"] == quiz_seed(LEARNER, QUIZ.id) for row in rows)
    assert sum(row["points"] for row in rows) == QUIZ.max_score
    assert set(read_answers(saved(ws)).answers) == {qv.id for qv in VARIANT.questions}


def test_interactive_bad_answers_are_explained_and_asked_again(ws):
    lines = []
    for qv in VARIANT.questions:
        lines += {"numeric": ["abc", "12 apples"], "single": ["zz", "a,b"], "multiple": ["q"],
                  "short": ["   "]}[qv.kind]
        lines.append(wrong(qv))
    r = learn(ws, "quiz", QUIZ.id, input="\n".join(lines) + "\n")
    assert r.exit_code == 1, r.output
    assert "'abc' is not a number" in r.output and "There is no option" in r.output
    assert r.output.count("✗ not quite") == N
    assert "The answer:" in r.output
    (attempt,) = attempts(ws)
    assert attempt["score"] == 0
    assert all(row["correct"] == 0 for row in quiz_rows(ws, attempt["id"]))


def test_end_of_input_mid_quiz_keeps_answers_then_resume_finishes(ws):
    first = VARIANT.questions[:2]
    r = learn(ws, "quiz", QUIZ.id, input="".join(right(qv) + "\n" for qv in first))
    assert r.exit_code == 1
    assert f"Stopped. 2 of {N} answers are saved" in r.output
    assert set(read_answers(saved(ws)).answers) == {qv.id for qv in first}
    assert attempts(ws) == []                      # nothing half-recorded
    rest = "".join(right(qv) + "\n" for qv in VARIANT.questions[2:])
    r = learn(ws, "quiz", QUIZ.id, input="y\n" + rest)
    assert r.exit_code == 0, r.output
    assert f"You answered 2 of {N} questions before" in r.output
    assert r.output.count("answered before") == 2
    (attempt,) = attempts(ws)
    assert attempt["status"] == "passed" and len(quiz_rows(ws, attempt["id"])) == N
    assert not (ws / ".learn" / "backups").exists()   # our own file, only added to: nothing to keep


def test_ctrl_c_loses_nothing_already_answered(ws, monkeypatch):
    calls = []

    def prompt(text, **kw):
        calls.append(text)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return right(VARIANT.questions[len(calls) - 1])

    monkeypatch.setattr(click, "prompt", prompt)
    r = learn(ws, "quiz", QUIZ.id)
    assert r.exit_code == 1
    assert f"2 of {N} answers are saved in" in r.output and f"learn quiz {QUIZ.id}" in r.output
    assert read_answers(saved(ws)).answers == {
        qv.id: read_answers(saved(ws)).answers[qv.id] for qv in VARIANT.questions[:2]}
    assert attempts(ws) == []


def test_starting_over_keeps_a_backup(ws):
    half = "".join(right(qv) + "\n" for qv in VARIANT.questions[:2])
    learn(ws, "quiz", QUIZ.id, input=half)
    before = saved(ws).read_text(encoding="utf-8")
    r = learn(ws, "quiz", QUIZ.id, input="n\n" + "".join(wrong(qv) + "\n" for qv in VARIANT.questions))
    assert r.exit_code == 1 and "previous answers are kept at" in r.output
    (backup,) = (ws / ".learn" / "backups" / "quizzes").iterdir()
    assert backup.read_text(encoding="utf-8") == before
    r = learn(ws, "quiz", QUIZ.id, "--fresh", input="".join(right(qv) + "\n" for qv in VARIANT.questions))
    assert r.exit_code == 0
    assert len(list((ws / ".learn" / "backups" / "quizzes").iterdir())) == 2


def test_a_hand_edited_file_is_backed_up_before_it_is_rewritten(ws):
    qv0, qv1 = VARIANT.questions[:2]
    saved(ws).parent.mkdir(parents=True)
    original = f"# my notes\n{qv0.id} = {json.dumps(right(qv0))}\n{qv1.id} = {{ bad = 1 }}\n"
    saved(ws).write_text(original, encoding="utf-8")
    r = learn(ws, "quiz", QUIZ.id, input="y\n" + "".join(right(qv) + "\n" for qv in VARIANT.questions[1:]))
    assert r.exit_code == 0, r.output
    (backup,) = (ws / ".learn" / "backups" / "quizzes").iterdir()
    assert backup.read_text(encoding="utf-8") == original


def test_a_complete_file_is_graded_when_not_retaken(ws):
    learn(ws, "quiz", QUIZ.id, input="".join(right(qv) + "\n" for qv in VARIANT.questions))
    r = learn(ws, "quiz", QUIZ.id, input="n\n")
    assert r.exit_code == 0 and "Take the quiz again?" in r.output
    assert len(attempts(ws)) == 2


def test_unreadable_saved_file_is_a_usage_error_until_fresh(ws):
    saved(ws).parent.mkdir(parents=True)
    saved(ws).write_text("x = = 1\n", encoding="utf-8")
    r = learn(ws, "quiz", QUIZ.id, input="")
    assert r.exit_code == 2 and "line 1" in r.output and "--fresh" in r.output
    r = learn(ws, "quiz", QUIZ.id, "--fresh", input="".join(right(qv) + "\n" for qv in VARIANT.questions))
    assert r.exit_code == 0
    (backup,) = (ws / ".learn" / "backups" / "quizzes").iterdir()
    assert backup.read_text(encoding="utf-8") == "x = = 1\n"


def test_answers_saved_for_another_learner_are_not_reused(ws):
    learn(ws, "quiz", QUIZ.id, input="".join(right(qv) + "\n" for qv in VARIANT.questions[:2]))
    other = variant_for(QUIZ, "bob")
    r = learn(ws, "quiz", QUIZ.id, learner="bob", input="".join(right(qv) + "\n" for qv in other.questions))
    assert r.exit_code == 0, r.output
    assert "holds answers for learner 'alice'" in r.output
    assert len(list((ws / ".learn" / "backups" / "quizzes").iterdir())) == 1


def test_korean_interactive_text(ws):
    r = learn(ws, "quiz", QUIZ.id, lang="ko", input="".join(wrong(qv) + "\n" for qv in VARIANT.questions))
    assert r.exit_code == 1
    assert "✗ 틀렸습니다" in r.output and "정답:" in r.output
    assert VARIANT.questions[0].prompt.ko.splitlines()[0] in r.output


# -- --show, --answers, --json -------------------------------------------------------------------

def test_show_prints_the_learners_own_variant_and_records_nothing(ws):
    r = learn(ws, "quiz", QUIZ.id, "--show")
    assert r.exit_code == 0
    for qv in VARIANT.questions:
        assert f"{qv.id} (" in r.output and qv.prompt.en.splitlines()[0] in r.output
        for o in qv.options:
            assert f"  {o.key}) {o.text.en}" in r.output
    assert str(quiz_seed(LEARNER, QUIZ.id)) in r.output and "--answers FILE" in r.output
    assert learn(ws, "quiz", QUIZ.id, "--show").output == r.output
    assert attempts(ws) == [] and not saved(ws).exists()


def test_show_json_has_no_answers(ws):
    r = learn(ws, "quiz", QUIZ.id, "--show", "--json")
    data = json.loads(r.output)
    assert data["exercise"] == QUIZ.id and data["kind"] == "quiz" and data["seed"] == quiz_seed(LEARNER, QUIZ.id)
    assert [q["id"] for q in data["questions"]] == [qv.id for qv in VARIANT.questions]
    assert "correct" not in r.output and "expected" not in r.output


def write_answers(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text("".join(f"{k} = {json.dumps(v)}\n" for k, v in answers.items()), encoding="utf-8")
    return path


def test_answers_file_all_right_json_keys_match_learn_grade(ws, tmp_path):
    path = write_answers(tmp_path, {qv.id: right(qv) for qv in VARIANT.questions})
    r = learn(ws, "quiz", QUIZ.id, "--answers", str(path), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    reference = ExerciseResult(exercise="x").to_json()
    assert set(data) == set(reference)
    assert data["exercise"] == QUIZ.id and data["kind"] == "quiz" and data["status"] == "passed"
    assert data["score"] == data["max_score"] == QUIZ.max_score
    assert [c["id"] for c in data["checks"]] == [qv.id for qv in VARIANT.questions]
    assert all(set(c) == {"id", "outcome", "points", "max_points", "device", "message", "output", "mistake"}
               for c in data["checks"])
    (attempt,) = attempts(ws)
    assert attempt["submission_sha256"] == data["submission_sha256"] and attempt["suite_sha256"] == QUIZ.sha256


def test_answers_file_with_bad_missing_and_unknown_entries(ws, tmp_path):
    qvs = VARIANT.questions
    answers = {qvs[0].id: "abc", qvs[1].id: "no such option", "not_a_question": 1}
    path = write_answers(tmp_path, answers)
    r = learn(ws, "quiz", QUIZ.id, "--answers", str(path))
    assert r.exit_code == 1
    assert "'not_a_question' is not a question" in r.stderr
    assert f"No answer. Add a line `{qvs[-1].id} = ...`" in r.stdout
    (attempt,) = attempts(ws)
    rows = {row["question_id"]: row for row in quiz_rows(ws, attempt["id"])}
    assert set(rows) == {qv.id for qv in qvs}
    assert rows[qvs[-1].id]["answer"] is None and all(row["correct"] == 0 for row in rows.values())


def test_answers_file_names_the_misconception_behind_a_wrong_answer(ws, tmp_path):
    """A mistaken number and a wrong option with a `why`: the feedback says why, in text and JSON."""
    def first(pred):
        return next((quiz, qv) for quiz in list_quizzes() for qv in variant_for(quiz, LEARNER).questions if pred(qv))
    quiz, numeric = first(lambda qv: qv.mistakes)
    answers = {numeric.id: repr(numeric.mistakes[0].value)}
    wanted = {numeric.id: numeric.mistakes[0].why}
    choice = next((qv for qv in variant_for(quiz, LEARNER).questions if qv.kind == "single"
                   and any(o.why for o in qv.options)), None)
    if choice is not None:
        picked = next(o for o in choice.options if o.why)
        answers[choice.id], wanted[choice.id] = picked.key, picked.why
    path = write_answers(tmp_path, answers)
    for lang in ("en", "ko"):
        r = learn(ws, "quiz", quiz.id, "--answers", str(path), lang=lang)
        assert r.exit_code == 1
        for why in wanted.values():
            assert why.get(lang) in r.stdout
    r = learn(ws, "quiz", quiz.id, "--answers", str(path), "--json")
    checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
    for qid, why in wanted.items():
        assert checks[qid]["outcome"] == "failed" and why.en in checks[qid]["message"]


@pytest.mark.parametrize("args, fragment", [
    (["quiz", "epoch_batch_itration"], "Did you mean: epoch_batch_iteration"),
    (["quiz", QUIZ.id, "--answers", "MISSING"], "does not exist"),
    (["quiz", QUIZ.id, "--answers", "MALFORMED"], "line 2"),
    (["quiz", QUIZ.id, "--json"], "--json goes with"),
    (["quiz", QUIZ.id, "--show", "--fresh"], "cannot be used together"),
])
def test_usage_errors_exit_2(ws, tmp_path, args, fragment):
    bad = tmp_path / "bad.toml"
    bad.write_text('a = "x"\nb = = 2\n', encoding="utf-8")
    args = [str(tmp_path / "missing.toml") if a == "MISSING" else str(bad) if a == "MALFORMED" else a
            for a in args]
    r = learn(ws, *args)
    assert r.exit_code == 2 and fragment in r.output, r.output
    assert attempts(ws) == []


# -- list and progress ---------------------------------------------------------------------------

def test_quizzes_appear_in_list_and_progress(ws, tmp_path):
    r = learn(ws, "list")
    assert r.exit_code == 0
    for q in list_quizzes():
        assert q.id in r.output and q.title.en in r.output
    path = write_answers(tmp_path, {qv.id: right(qv) for qv in VARIANT.questions})
    learn(ws, "quiz", QUIZ.id, "--answers", str(path))
    line = next(x for x in learn(ws, "list").output.splitlines() if f" {QUIZ.id} " in x)
    assert "passed" in line and f"{QUIZ.max_score}/{QUIZ.max_score}" in line
    line = next(x for x in learn(ws, "progress").output.splitlines() if x.startswith(QUIZ.id + " "))
    assert f"{QUIZ.max_score}/{QUIZ.max_score}" in line and line.split()[1] == "1"
    assert QUIZ.id in learn(ws, "quiz").output


# -- class grading -------------------------------------------------------------------------------

def test_class_grading_uses_each_learners_own_variant(tmp_path):
    store = Store(tmp_path / "class.db")
    for learner in ("ana", "ben"):
        folder = tmp_path / "class" / learner / "quizzes"
        folder.mkdir(parents=True)
        v = variant_for(QUIZ, learner)
        (folder / f"{QUIZ.id}.toml").write_text(
            "".join(f"{qv.id} = {json.dumps(right(qv))}\n" for qv in v.questions[:-1]), encoding="utf-8")
        (folder / "not_a_quiz.toml").write_text("", encoding="utf-8")
        found = find_answer_files(tmp_path / "class" / learner)
        assert found == [(QUIZ.id, folder / f"{QUIZ.id}.toml")]
        result, rows = grade_answers_file(QUIZ.id, learner, found[0][1])
        assert result.kind == "quiz" and result.exercise == QUIZ.id
        assert result.score == QUIZ.max_score - v.questions[-1].points     # the last one is missing
        assert rows[-1]["correct"] == 0 and rows[-1]["answer"] is None
        assert {row["seed"] for row in rows} == {quiz_seed(learner, QUIZ.id)}
        attempt_id = store.record(learner, result, extra=("quiz_answers", rows))
        assert len(list(store.db["quiz_answers"].rows_where("attempt_id = ?", [attempt_id]))) == len(rows)
    ana_file = tmp_path / "class" / "ana" / "quizzes" / f"{QUIZ.id}.toml"
    assert grade_answers_file(QUIZ.id, "ben", ana_file)[0].score < QUIZ.max_score   # copying does not pay
    with pytest.raises(QuizError, match="Did you mean"):
        grade_answers_file(QUIZ.id[:-1], "ana", ana_file)
    ana_file.write_text("oops = = 1\n", encoding="utf-8")            # a learner's broken file: 0, never a crash
    result, rows = grade_answers_file(QUIZ.id, "ana", ana_file)
    assert result.score == 0 and {c.outcome.value for c in result.checks} == {"error"}
    assert "line 1" in result.checks[0].message.en and "읽을 수 없어서" in result.checks[0].message.ko
    assert len(rows) == N and all(r["answer"] is None and r["correct"] == 0 for r in rows)
    store.record("ana", result, extra=("quiz_answers", rows))


def test_the_answers_graded_are_kept_as_the_attempts_submission(ws, tmp_path):
    from grader.store import Store
    path = write_answers(tmp_path, {qv.id: right(qv) for qv in VARIANT.questions[:2]})
    learn(ws, "quiz", QUIZ.id, "--answers", str(path))
    (attempt,) = attempts(ws)
    store = Store(ws / ".learn" / "progress.db")
    kept = json.loads(store.submission(attempt["submission_sha256"]))
    assert set(kept) == {qv.id for qv in VARIANT.questions[:2]}
