"""Named mistakes: the vocabulary in grader/compare.py, the ids the hidden suites declare, and the ids
that grading a known wrong answer records."""

import numpy as np
import pytest
import torch

from grader.checks import Fail
from grader.compare import (Mistake, equals, expect_equal, expect_number, expect_tensor, matches, name_mistake)
from grader.i18n import Text
from grader.verify import suite_mistakes

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
    raise report(call, e, got, why, idea, mistake="BadId")
    Mistake(name, detect, why)
    raise fail("en", "ko", mistake=name)
'''
    problems = "\n".join(suite_mistakes(source).problems)
    assert "'no_max' is declared twice ('one meaning' and 'another meaning')" in problems
    assert "'not_declared' is not declared in KNOWN_MISTAKES" in problems
    assert "'unused_one' is declared but never used" in problems
    assert "'BadId' is not a snake_case identifier" in problems
    assert "a Mistake's id must be a string literal" in problems
