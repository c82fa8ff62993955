"""The quiz engine on a small quiz written for these tests: evaluator, loading, answers, grading, files."""

import math
import textwrap
from pathlib import Path

import pytest

from grader.checks import Outcome
from grader.quiz import QuizError, load_quiz, make_variant
from grader.quiz.answer_file import backup, read_answers, render_answers, write_atomic
from grader.quiz.answers import AnswerProblem, normalize_short, parse_answer, parse_number
from grader.quiz.expr import ExprError, evaluate, names_used
from grader.quiz.grading import grade_question, grade_variant

DEMO = """
id = "demo"
order = 1
title = { en = "Demo", ko = "데모" }
topic = { en = "A quiz for the engine's tests.", ko = "엔진 테스트용 퀴즈." }

[[questions]]
id = "pick_one"
kind = "single"
prompt.en = "Pick the right one."
prompt.ko = "맞는 것을 고르세요."
options = [
  { id = "right", en = "right", ko = "맞음", correct = true },
  { id = "wrong", en = "wrong", ko = "틀림" },
  { id = "other", en = "other", ko = "기타", why = { en = "Other looks right.", ko = "기타가 맞아 보입니다." } },
]
explanation.en = "Because."
explanation.ko = "그래서."

[[questions]]
id = "pick_many"
kind = "multiple"
shuffle = false
prompt.en = "Pick both right ones."
prompt.ko = "맞는 것 둘을 고르세요."
options = [
  { id = "r1", en = "r1", ko = "r1", correct = true },
  { id = "w1", en = "w1", ko = "w1", why = { en = "w1 only looks right.", ko = "w1은 맞아 보일 뿐입니다." } },
  { id = "r2", en = "r2", ko = "r2", correct = true },
]
explanation.en = "Both."
explanation.ko = "둘 다."

[[questions]]
id = "updates"
kind = "numeric"
points = 2
prompt.en = "{n} samples, batches of {b}: iterations?"
prompt.ko = "샘플 {n}개, 배치 {b}: 이터레이션?"
answer = "ceil(n / b)"
require = "n % b != 0"
explanation.en = "ceil({n} / {b}) = {answer}"
explanation.ko = "ceil({n} / {b}) = {answer}"
[questions.params]
n = { min = 100, max = 1000, step = 10 }
b = { choices = [16, 32, 64] }

[[questions.mistakes]]
answer = "n // b"
why.en = "Rounded down: {mistake} full batches of {b}, but the {n}-sample rest is a batch too: {answer}."
why.ko = "내림을 했습니다: 배치 {b}개짜리 {mistake}개만 셌지만 남은 샘플도 배치 하나입니다: {answer}."

[[questions.mistakes]]
answer = "ceil(n / b) if b == 16 else n / b"
why.en = "Not rounded: {n} / {b} = {mistake:.2f}."
why.ko = "반올림하지 않았습니다: {n} / {b} = {mistake:.2f}."

[[questions]]
id = "root_two"
kind = "numeric"
prompt.en = "sqrt(2)?"
prompt.ko = "sqrt(2)?"
answer = "sqrt(2)"
tolerance = 0.001
explanation.en = "About 1.414."
explanation.ko = "약 1.414."

[[questions.mistakes]]
answer = "2"
why.en = "2 is the square, not the root."
why.ko = "2는 제곱근이 아니라 제곱입니다."

[[questions]]
id = "method"
kind = "short"
prompt.en = "Which method?"
prompt.ko = "어떤 메서드?"
accept = ["eval", "model.eval"]
ignore = "()."
explanation.en = "eval."
explanation.ko = "eval."
"""


def write_quiz(tmp_path: Path, text: str = DEMO, name: str = "demo") -> Path:
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def demo(tmp_path):
    return load_quiz(write_quiz(tmp_path))


# -- the evaluator -------------------------------------------------------------------------------

@pytest.mark.parametrize("source, names, expected", [
    ("1 + 2 * 3", {}, 7), ("7 // 2 + 7 % 2", {}, 4), ("2 ** 10", {}, 1024), ("-3 + +1", {}, -2),
    ("ceil(3000 / 64)", {}, 47), ("floor(n / b)", {"n": 3000, "b": 64}, 46),
    ("min(3, 1, 2) + max(1, 5)", {}, 6), ("round(2.567, 2)", {}, 2.57), ("abs(-2)", {}, 2),
    ("n // b if drop else ceil(n / b)", {"n": 10, "b": 3, "drop": True}, 3),
    ("n // b if drop else ceil(n / b)", {"n": 10, "b": 3, "drop": False}, 4),
    ("a != b and not b == 3 or a < b < 1", {"a": 1, "b": 2}, True),
])
def test_evaluator_computes(source, names, expected):
    assert evaluate(source, names) == expected


def test_evaluator_maths_functions():
    assert evaluate("sqrt(2)") == pytest.approx(math.sqrt(2))
    assert evaluate("exp(1) - e") == pytest.approx(0.0)
    assert evaluate("log(8, 2)") == pytest.approx(3.0)
    assert names_used("ceil(n / b) * epochs") == {"n", "b", "epochs"}


@pytest.mark.parametrize("source", [
    "__import__('os')", "().__class__", "x.y", "[1, 2][0]", "'text'", "lambda: 1", "open('f')",
    "max(*[1, 2])", "round(1.5, ndigits=1)", "9 ** 9 ** 9", "1 / 0", "sqrt(-1)", "exp(1e6)",
    "unknown + 1", "(-8) ** (1/3)", "1 if", "x := 1", "1j", "max(1)", "a" * 600,
    "round(5, -10**9)", "round(2.5, 0.5)", "(2**4000)**2", "(" * 240 + "1" + ")" * 240,
])
def test_evaluator_refuses(source):
    with pytest.raises(ExprError):
        evaluate(source, {})


# -- reading answers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("47", 47), (" 0.25 ", 0.25), ("3,000", 3000), ("1e-3", 0.001), ("3000/64", 46.875),
    ("sqrt(2)", math.sqrt(2)), ("√2", math.sqrt(2)), ("2^10", 1024), ("−5", -5), ("４７", 47),
])
def test_numbers_a_person_types(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "", "47 updates", "True", "1e999", "1,2", "nan", "inf", "3 > 2",
                                  "10**400", "9" * 400])
def test_not_numbers_are_problems_with_a_message(text):
    with pytest.raises(AnswerProblem) as e:
        parse_number(text)
    assert "number" in e.value.message.en and "숫자" in e.value.message.ko


def test_an_integer_too_large_for_a_float_is_an_answer_problem_not_a_crash(demo):
    v = make_variant(demo, 5)
    numeric = next(q for q in v.questions if q.kind == "numeric")
    with pytest.raises(AnswerProblem) as e:
        parse_answer(numeric, 10 ** 400)          # a TOML integer of 401 digits
    assert "finite" in e.value.message.en and len(e.value.message.en) < 200


def test_choice_answers_are_read_leniently(demo):
    v = make_variant(demo, 5)
    one, many = v.question("pick_one"), v.question("pick_many")
    assert parse_answer(one, " B) ").value == "b"
    assert parse_answer(many, "c, a").value == frozenset("ac")
    assert parse_answer(many, "ac").value == frozenset("ac")
    assert parse_answer(many, ["A", "c"]).saved == ["a", "c"]
    for bad in ("z", "a,b", "", 3, {"a": 1}):
        with pytest.raises(AnswerProblem):
            parse_answer(one, bad)
    with pytest.raises(AnswerProblem) as e:
        parse_answer(many, "a, q")
    assert "'q'" in e.value.message.en and "a, b, c" in e.value.message.en


def test_short_answers_ignore_case_spaces_and_listed_characters():
    assert normalize_short(" Model.Eval() ", "().") == "modeleval"
    assert normalize_short("1×1, 3x3", ",") == "1x13x3"


# -- loading and variants ------------------------------------------------------------------------

def test_same_seed_same_variant_and_computed_answers(demo):
    a, b = make_variant(demo, 99), make_variant(demo, 99)
    assert [q.values for q in a.questions] == [q.values for q in b.questions]
    assert [q.expected for q in a.questions] == [q.expected for q in b.questions]
    for seed in range(30):
        qv = make_variant(demo, seed).question("updates")
        n, b_ = qv.values["n"], qv.values["b"]
        assert n % b_ != 0 and 100 <= n <= 1000 and n % 10 == 0 and b_ in (16, 32, 64)
        assert qv.expected == -(-n // b_)
        assert qv.prompt.en == f"{n} samples, batches of {b_}: iterations?"
        assert qv.explanation.en == f"ceil({n} / {b_}) = {qv.expected}"
        pick = make_variant(demo, seed).question("pick_one")
        assert pick.options[ord(pick.expected) - ord("a")].option.id == "right"
    assert len({make_variant(demo, s).question("updates").values["n"] for s in range(30)}) > 5


def test_unshuffled_options_keep_their_order(demo):
    many = make_variant(demo, 3).question("pick_many")
    assert [o.option.id for o in many.options] == ["r1", "w1", "r2"] and many.expected == {"a", "c"}


@pytest.mark.parametrize("change, message", [
    (("kind = \"single\"", "kind = \"essay\""), "'kind' must be one of"),
    (("answer = \"ceil(n / b)\"", "answer = \"ceil(n / q)\""), "unknown name 'q'"),
    (("answer = \"ceil(n / b)\"", "answer = \"__import__('os')\""), "only these functions"),
    (("explanation.en = \"Because.\"", "explanation.en = \"\""), "'explanation' needs"),
    (('ko = "틀림" }', 'ko = "틀림", correct = true }'), "exactly one correct"),
    (("require = \"n % b != 0\"", "require = \"n < 0\""), "no draw satisfies"),
    (("prompt.en = \"{n} samples", "prompt.en = \"{m} samples"), "'m'"),
    (("id = \"root_two\"", "id = \"updates\""), "question ids must be unique"),
    (("id = \"demo\"", "id = \"other\""), "differs from the file name"),
    (("ignore = \"().\"", "ignore = \"().\"\nexplaination = \"typo\""), "unknown key(s) explaination"),
])
def test_malformed_quizzes_are_refused_with_a_clear_message(tmp_path, change, message):
    old, new = change
    assert old in DEMO
    with pytest.raises(QuizError) as e:
        load_quiz(write_quiz(tmp_path, DEMO.replace(old, new, 1)))
    assert message in str(e.value)


# -- grading -------------------------------------------------------------------------------------

def test_grading_each_kind(demo):
    v = make_variant(demo, 11)
    upd = v.question("updates")
    right = {"pick_one": v.question("pick_one").expected, "pick_many": "a,c", "updates": upd.expected,
             "root_two": "√2", "method": "Model.eval()"}
    graded = grade_variant(v, right)
    assert graded.result.status == "passed" and graded.result.score == graded.result.max_score == 6
    assert graded.result.kind == "quiz" and graded.result.exercise == "demo"
    assert [r["correct"] for r in graded.rows] == [1] * 5 and {r["seed"] for r in graded.rows} == {11}
    assert grade_question(v.question("root_two"), 1.4139).correct       # within the tolerance
    assert not grade_question(v.question("root_two"), 1.41).correct
    assert not grade_question(upd, upd.expected + 1).correct


def test_wrong_missing_and_unreadable_answers_score_zero_with_messages(demo):
    v = make_variant(demo, 11)
    graded = grade_variant(v, {"pick_many": "a,b", "updates": "abc", "method": "train"})
    by_id = {c.id: c for c in graded.result.checks}
    assert by_id["pick_one"].outcome is Outcome.NOT_ATTEMPTED and "pick_one = ..." in by_id["pick_one"].message.en
    assert by_id["pick_many"].outcome is Outcome.FAILED
    assert "Also right: c" in by_id["pick_many"].message.en and "Not right: b" in by_id["pick_many"].message.en
    assert "'abc' is not a number" in by_id["updates"].message.en
    assert "'abc'는 숫자가 아닙니다" in by_id["updates"].message.ko
    assert "The answer: eval" in by_id["method"].message.en
    assert graded.result.score == 0 and graded.result.status == "failed"
    rows = {r["question_id"]: r for r in graded.rows}
    assert rows["pick_one"]["answer"] is None and rows["pick_many"]["answer"] == "a,b"
    assert rows["updates"]["max_points"] == 2 and rows["updates"]["points"] == 0
    assert grade_variant(v, {}).result.status == "not_attempted"


# -- misconceptions: numeric mistakes and option whys --------------------------------------------

def test_a_mistaken_value_is_computed_per_variant_and_named_after_the_answer(demo):
    for seed in range(30):
        qv = make_variant(demo, seed).question("updates")
        n, b = qv.values["n"], qv.values["b"]
        floor = n // b
        graded = grade_question(qv, floor)
        assert graded.outcome is Outcome.FAILED
        en, ko = graded.feedback.en, graded.feedback.ko
        why_en = f"Rounded down: {floor} full batches of {b}, but the {n}-sample rest is a batch too: {floor + 1}."
        why_ko = f"내림을 했습니다: 배치 {b}개짜리 {floor}개만 셌지만 남은 샘플도 배치 하나입니다: {floor + 1}."
        assert en.splitlines()[:3] == [f"Your answer: {floor}. The answer: {floor + 1}.", why_en,
                                       f"ceil({n} / {b}) = {floor + 1}"]
        assert ko.splitlines()[1] == why_ko
        assert "Not rounded" not in en and "Correct." in grade_question(qv, floor + 1).feedback.en
        assert "Rounded down" not in grade_question(qv, floor + 1).feedback.en
        assert "Rounded down" not in grade_question(qv, floor - 1).feedback.en   # wrong, but no known mistake
        unrounded = grade_question(qv, f"{n}/{b}")
        if b == 16:     # this mistake is the right answer when b is 16: not used for such a variant
            assert [m.index for m in qv.mistakes] == [0] and "Not rounded" not in unrounded.feedback.en
        else:
            assert [m.index for m in qv.mistakes] == [0, 1]
            assert f"Not rounded: {n} / {b} = {n / b:.2f}." in unrounded.feedback.en
            assert f"반올림하지 않았습니다: {n} / {b} = {n / b:.2f}." in unrounded.feedback.ko


def test_a_mistake_matches_within_the_question_tolerance_unless_the_answer_is_right(demo):
    root = make_variant(demo, 0).question("root_two")
    assert [m.value for m in root.mistakes] == [2]
    for typed in ("2", "1.9995", "2.0008"):
        graded = grade_question(root, typed)
        assert not graded.correct and "2 is the square, not the root." in graded.feedback.en
        assert "2는 제곱근이 아니라 제곱입니다." in graded.feedback.ko
    assert "square" not in grade_question(root, "1.99").feedback.en
    assert "square" not in grade_question(root, "abc").feedback.en       # unreadable: no guess
    assert grade_question(root, "1.4139").correct


def test_a_wrong_option_names_its_misconception(demo):
    for seed in range(10):
        v = make_variant(demo, seed)
        one = v.question("pick_one")
        key = {o.option.id: o.key for o in one.options}
        other = grade_question(one, key["other"])
        assert other.feedback.en.splitlines()[1:] == ["Other looks right.", "Because."]
        assert other.feedback.ko.splitlines()[1] == "기타가 맞아 보입니다."
        assert "looks right" not in grade_question(one, key["wrong"]).feedback.en    # no why for it
        assert "looks right" not in grade_question(one, key["right"]).feedback.en
    many = make_variant(demo, 0).question("pick_many")          # not shuffled: r1, w1, r2 = a, b, c
    graded = grade_question(many, "a,b")
    assert graded.feedback.en.splitlines() == ["Your answer: a,b. The answer: a, c. Also right: c. Not right: b.",
                                               "b) w1 only looks right.", "Both."]
    assert "b) w1은 맞아 보일 뿐입니다." in graded.feedback.ko
    assert "looks right" not in grade_question(many, "a").feedback.en        # only missed, nothing wrong chosen


MISTAKE_AT = '\n[[questions]]\nid = "root_two"'


@pytest.mark.parametrize("extra, message", [
    ('[[questions.mistakes]]\nwhy.en = "x"\nwhy.ko = "x"', "mistake 3: needs 'answer'"),
    ('[[questions.mistakes]]\nanswer = "n + 1"\nwhy.en = "x"', "mistake 3: 'why' needs a non-empty 'en' and 'ko'"),
    ('[[questions.mistakes]]\nanswer = "n +"\nwhy.en = "x"\nwhy.ko = "x"', "mistake 3, answer: not a valid"),
    ('[[questions.mistakes]]\nanswer = "n // q"\nwhy.en = "x"\nwhy.ko = "x"', "mistake 3, answer: unknown name(s) 'q'"),
    ('[[questions.mistakes]]\nanswer = "n + 1"\nwhy.en = "{nope}"\nwhy.ko = "x"', "unknown placeholder {nope}"),
    ('[[questions.mistakes]]\nanswer = "n + 1"\nwhy.en = "x"\nwhy.ko = "{n"', "why.ko: not a valid template"),
    ('[[questions.mistakes]]\nanswer = "n + 1"\nwhy.en = "x"\nwhy.ko = "x"\nexplanation = "x"',
     "mistake 3: unknown key(s) explanation"),
    ('[[questions.mistakes]]\nanswer = "n / (b - b)"\nwhy.en = "x"\nwhy.ko = "x"', "division by zero"),
    ('[[questions.mistakes]]\nanswer = "ceil(n / b)"\nwhy.en = "x"\nwhy.ko = "x"', "mistake 3: its value is the right"),
    ('[[questions.mistakes]]\nanswer = "n//b"\nwhy.en = "x"\nwhy.ko = "x"', "two mistakes have the same answer"),
])
def test_malformed_mistakes_are_refused_with_a_clear_message(tmp_path, extra, message):
    with pytest.raises(QuizError) as e:
        load_quiz(write_quiz(tmp_path, DEMO.replace(MISTAKE_AT, "\n" + extra + "\n" + MISTAKE_AT, 1)))
    assert message in str(e.value) and "(updates)" in str(e.value)


@pytest.mark.parametrize("change, message", [
    (('{ id = "right", en = "right", ko = "맞음", correct = true }',
      '{ id = "right", en = "right", ko = "맞음", correct = true, why = { en = "a", ko = "b" } }'),
     "option 1 (right): 'why' explains a wrong choice"),
    (('why = { en = "Other looks right.", ko = "기타가 맞아 보입니다." }', 'why = { en = "Other looks right." }'),
     "option 3 (other): 'why' needs a non-empty 'en' and 'ko'"),
    (('accept = ["eval", "model.eval"]', 'accept = ["eval"]\nmistakes = [{ answer = "1", why = { en = "a", ko = "b" } }]'),
     "'mistakes' belong to numeric questions only"),
])
def test_malformed_option_whys_are_refused(tmp_path, change, message):
    old, new = change
    assert old in DEMO
    with pytest.raises(QuizError) as e:
        load_quiz(write_quiz(tmp_path, DEMO.replace(old, new, 1)))
    assert message in str(e.value)


# -- answers files -------------------------------------------------------------------------------

def test_answers_file_round_trip_and_atomic_write(tmp_path):
    answers = {"a": 47, "b": 0.5, "c": ["a", "c"], "d": 'quote " back\\slash\nnew line\x7f', "e": "sqrt(2)"}
    path = tmp_path / "quizzes" / "demo.toml"
    write_atomic(path, render_answers("demo", "kim \"min-ji\"", answers))
    sheet = read_answers(path)
    assert sheet.answers == answers and sheet.meta == {"_quiz": "demo", "_learner": 'kim "min-ji"'}
    assert not list(path.parent.glob(".*.tmp"))
    kept = backup(path, tmp_path / "backups")
    assert kept.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_unreadable_answers_files_say_where(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("pick_one = \"a\"\nupdates = = 3\n", encoding="utf-8")
    with pytest.raises(QuizError, match="line 2"):
        read_answers(bad)
    with pytest.raises(QuizError, match="does not exist"):
        read_answers(tmp_path / "missing.toml")
    (tmp_path / "latin.toml").write_bytes(b"a = \"\xe9\"\n")
    with pytest.raises(QuizError, match="UTF-8"):
        read_answers(tmp_path / "latin.toml")


def test_stored_rows_name_the_options_by_id_and_the_misconception_behind_a_wrong_answer(demo):
    for seed in range(6):                       # letters are shuffled per learner; the ids stored are not
        v = make_variant(demo, seed)
        one, many, num = v.question("pick_one"), v.question("pick_many"), v.question("updates")
        key = {o.option.id: o.key for o in one.options}
        rows = {r["question_id"]: r for r in grade_variant(v, {
            "pick_one": key["other"], "pick_many": "a,b", "updates": num.values["n"] // num.values["b"],
        }).rows}
        assert rows["pick_one"]["choice"] == "other" and rows["pick_one"]["mistake"] == "other"
        assert rows["pick_many"]["choice"] == "r1,w1" and rows["pick_many"]["mistake"] == "w1"
        assert rows["updates"]["mistake"] == "mistake0" and rows["updates"]["choice"] is None
        right = {r["question_id"]: r for r in grade_variant(v, {"pick_one": key["right"]}).rows}
        assert right["pick_one"]["choice"] == "right" and right["pick_one"]["mistake"] is None
        assert right["updates"]["mistake"] is None           # not answered: no misconception to name
        wrong = {r["question_id"]: r for r in grade_variant(v, {"pick_one": key["wrong"]}).rows}
        assert wrong["pick_one"]["mistake"] is None          # wrong, but no named misconception
