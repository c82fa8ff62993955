"""Named mistakes: the vocabulary in grader/compare.py, the ids the hidden suites declare, and the ids
that grading a known wrong answer records."""

import numpy as np
import pytest
import torch

from grader import catalog, paths
from grader.checks import CheckResult, ExerciseResult, Fail, Outcome
from grader.compare import Mistake, equals, expect_equal, expect_number, expect_tensor, matches, name_mistake
from grader.i18n import Text
from grader.runner import grade_source
from grader.verify import Finding, mistake_finding, suite_mistakes

IDEA = Text("the idea", "개념")
SUM = Mistake("sum_not_mean", matches(torch.tensor(6.0)), Text("This is the sum.", "합입니다."),
              Text("take the mean", "평균을 내세요"))
NEVER = Mistake("never_seen", lambda got: False, Text("Never.", "없음."))


def failure(fn, *args, **kwargs) -> Fail:
    with pytest.raises(Fail) as info:
        fn(*args, call="f(x)", **kwargs)
    return info.value


# ------------------------------------------------------------------ the vocabulary
def test_a_detected_mistake_is_named_with_its_id_and_its_own_idea():
    f = failure(expect_tensor, torch.tensor(6.0), torch.tensor(2.0), idea=IDEA, mistakes=[NEVER, SUM])
    assert f.mistake == "sum_not_mean"
    assert "This is the sum." in f.message.en and "합입니다." in f.message.ko
    assert "Revisit: take the mean" in f.message.en and "the idea" not in f.message.en
    assert f.message.en.startswith("f(x)\n  expected: tensor(2") and "got:      tensor(6" in f.message.en


def test_an_undetected_mistake_falls_through_to_the_generic_message():
    f = failure(expect_tensor, torch.tensor(5.0), torch.tensor(2.0), idea=IDEA, mistakes=[NEVER, SUM])
    assert f.mistake is None
    assert "First mismatch" in f.message.en and "Revisit: the idea" in f.message.en


def test_a_right_answer_is_never_taken_for_a_mistake():
    # the mistaken value coincides with the right one: expect_* only looks for mistakes once the answer is wrong
    same = Mistake("coincides", matches(torch.tensor(2.0)), Text("No.", "아님."))
    assert expect_tensor(torch.tensor(2.0), torch.tensor(2.0), call="f(x)", mistakes=[same]) is not None
    assert expect_number(3, 3, call="f(x)", integer=True, mistakes=[Mistake("c", equals(3), Text("", ""))]) == 3


def test_a_mistake_without_its_own_idea_keeps_the_checks_idea():
    floor = Mistake("floor_not_ceil", equals(46), Text("This is the floor.", "내림입니다."))
    f = failure(expect_number, 46, 47, idea=IDEA, integer=True, mistakes=[floor])
    assert f.mistake == "floor_not_ceil" and "This is the floor." in f.message.en
    assert "Revisit: the idea" in f.message.en
    # a float 46.0 is not the int the mistake gives: the type message stays
    f = failure(expect_number, 46.0, 47, idea=IDEA, integer=True, mistakes=[floor])
    assert f.mistake is None and "Expected a Python int" in f.message.en


def test_numbers_lists_and_arrays():
    twice = Mistake("twice", matches(4.0, rtol=1e-9), Text("Twice.", "두 배."))
    assert failure(expect_number, 4.0, 2.0, mistakes=[twice]).mistake == "twice"
    assert failure(expect_number, 4.5, 2.0, mistakes=[twice]).mistake is None
    swapped = Mistake("swapped_pairs", equals((3, 2)), Text("Swapped.", "바뀜."))
    assert failure(expect_equal, (3, 2), (2, 3), mistakes=[swapped]).mistake == "swapped_pairs"
    assert failure(expect_equal, [3, 2], (2, 3), mistakes=[swapped]).mistake is None
    half = Mistake("half", matches(np.array([0.5, 1.0])), Text("Half.", "절반."))
    assert failure(expect_tensor, np.array([0.5, 1.0]), np.array([1.0, 2.0]), mistakes=[half]).mistake == "half"


def test_name_mistake_raises_the_first_detected_or_returns():
    assert name_mistake(torch.tensor(1.0), [NEVER, SUM], call="f(x)", expected=torch.tensor(2.0)) is None
    with pytest.raises(Fail) as info:
        name_mistake(torch.tensor(6.0), [NEVER, SUM], call="f(x)", expected=torch.tensor(2.0), idea=IDEA)
    assert info.value.mistake == "sum_not_mean" and "Revisit: take the mean" in info.value.message.en


def test_matches_is_strict_about_kind_and_shape():
    detect = matches(torch.tensor([1.0, 2.0]))
    assert detect(torch.tensor([1.0, 2.0])) and not detect(torch.tensor([[1.0, 2.0]]))
    assert not detect(torch.tensor([1, 2])) and not detect([1.0, 2.0]) and not detect(None)
    assert matches(None)(torch.tensor(1.0)) is False
    assert matches(2)(2.0) and not matches(2)(True) and not matches(2)(torch.tensor(2.0))
    assert equals(2)(2) and not equals(2)(2.0) and not equals((1, 2))([1, 2])


@pytest.mark.parametrize("bad", ["NoMax", "no-max", "1st", "no__max", "_private", "trailing_", ""])
def test_a_mistake_id_must_be_snake_case(bad):
    with pytest.raises(ValueError, match="snake_case"):
        Mistake(bad, lambda got: False, Text("", ""))


# ------------------------------------------------------------------ ids declared by the suites
EXERCISES = catalog.load_catalog()


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_every_suite_declares_each_mistake_id_once_and_names_only_those(exercise):
    found = suite_mistakes(exercise.hidden_path.read_text(encoding="utf-8"), exercise.hidden_path.name)
    assert not found.problems, "\n".join(found.problems)
    assert found.declared, f"{exercise.id}: the suite names no mistake"
    assert set(found.used) == set(found.declared)
    assert all(meaning.strip() for meaning in found.declared.values())


def test_the_scan_finds_duplicates_undeclared_unused_and_bad_ids():
    source = '''
KNOWN_MISTAKES = {
    "no_max": "one meaning",
    "no_max": "another meaning",
    "unused_one": "declared, never named",
    "BadId": "not snake case",
}
def check(got, name):
    Mistake("no_max", detect, why)
    raise fail("en", "ko", mistake="not_declared")
    mistake = "also_not_declared"
    raise report(call, e, got, why, idea, mistake="BadId")
    Mistake(name, detect, why)
    raise fail("en", "ko", mistake=name)
'''
    problems = "\n".join(suite_mistakes(source).problems)
    assert "'no_max' is declared twice ('one meaning' and 'another meaning')" in problems
    assert "'not_declared' is not declared in KNOWN_MISTAKES" in problems
    assert "'also_not_declared' is not declared" in problems
    assert "'unused_one' is declared but never used" in problems
    assert "'BadId' is not a snake_case identifier" in problems
    assert "a Mistake's id must be a string literal" in problems


def _result(exercise, *mistakes):
    return ExerciseResult(exercise=exercise, checks=[
        CheckResult(f"c{i}", Outcome.FAILED, 0, 1, mistake=m) for i, m in enumerate(mistakes)])


def test_the_mistake_finding_counts_named_wrong_answers_and_refuses_unknown_ids():
    softmax = catalog.get("softmax")
    named = Finding("softmax", "global_max.py", True, "", _result("softmax", "softmax.global_max"),
                    ("softmax.global_max",))
    generic = Finding("softmax", "always_double.py", True, "", _result("softmax", None))
    solution = Finding("softmax", "solution", True, "", _result("softmax"))
    f = mistake_finding(softmax, [solution, named, generic])
    assert f.ok and f.subject == "mistake ids"
    assert f.detail.startswith("1 of 2 wrong answers named by a mistake id")
    stray = Finding("softmax", "x.py", True, "", _result("softmax", "softmax.made_up", "cross_entropy.global_max"))
    f = mistake_finding(softmax, [named, stray])
    assert not f.ok
    assert "recorded 'softmax.made_up'" in f.detail and "recorded 'cross_entropy.global_max'" in f.detail


# ------------------------------------------------------------------ grading a known wrong answer records its id
REPRESENTATIVE = [   # exercise, wrong-answer fixture, a check it fails, the id that check records
    ("epoch_math", "floor_not_ceil.py", "ipe_remainder", "floor_not_ceil"),
    ("linear_model", "no_bias.py", "linear_batch", "no_bias"),
    ("one_hot", "class_dim_first.py", "basic_1d", "class_dim_first"),
    ("softmax", "no_max_subtracted.py", "wide_range", "no_max_subtracted"),
    ("cross_entropy", "sum_not_mean.py", "cross_entropy_mean", "sum_not_mean"),
    ("bce", "swapped_p_y.py", "bce_soft_labels", "swapped_p_y"),
    ("activations", "tanh_exp_without_two.py", "tanh_values", "tanh_exp_without_two"),
    ("chain_rule", "numerical_forward_difference.py", "numerical_cubic", "numerical_forward_difference"),
    ("backprop_mlp", "no_relu_mask.py", "grad_W1", "no_relu_mask"),
    ("train_loop", "no_zero_grad.py", "call_order", "no_zero_grad"),
    ("logistic_regression", "no_bias.py", "parameter_count", "no_bias"),
    ("inference", "softmax_dim0.py", "predict_proba_values", "softmax_dim0"),
    ("gradient_descent", "gradient_ascent.py", "gd_step_small", "gradient_ascent"),
    ("cnn_shapes", "padding_once.py", "conv_stride_padding", "padding_once"),
]


def test_every_exercise_has_a_representative_wrong_answer():
    assert sorted(r[0] for r in REPRESENTATIVE) == sorted(e.id for e in EXERCISES)


@pytest.mark.parametrize("exercise_id, fixture, check_id, mistake", REPRESENTATIVE,
                         ids=[r[0] for r in REPRESENTATIVE])
def test_grading_a_known_wrong_answer_records_the_qualified_mistake_id(exercise_id, fixture, check_id, mistake,
                                                                        judge):
    exercise = catalog.get(exercise_id)
    source = (paths.WRONG_DIR / exercise_id / fixture).read_text(encoding="utf-8")
    result = grade_source(exercise, source, f"{exercise_id}.py", judge)
    by_id = {c.id: c for c in result.checks}
    assert by_id[check_id].outcome is Outcome.FAILED, by_id[check_id]
    assert by_id[check_id].mistake == f"{exercise_id}.{mistake}"
    assert result.to_json()["checks"][list(by_id).index(check_id)]["mistake"] == f"{exercise_id}.{mistake}"
    assert all(c.mistake is None for c in result.checks if c.outcome is Outcome.PASSED)
