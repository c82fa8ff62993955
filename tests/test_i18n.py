"""Korean particles follow the final sound of the word before them, never 이(가)."""

import pytest

from grader.i18n import josa


@pytest.mark.parametrize("word, pair, expected", [
    ("모델", "이/가", "모델이"), ("레이어", "이/가", "레이어가"), ("레이어 2", "이/가", "레이어 2가"),
    ("레이어 0, 1, 2, 3", "이/가", "레이어 0, 1, 2, 3이"), ("값", "은/는", "값은"), ("손실", "은/는", "손실은"),
    ("softmax", "을/를", "softmax를"), ("dim", "을/를", "dim을"), ("파일", "으로/로", "파일로"),
    ("dim", "으로/로", "dim으로"), ("결과", "으로/로", "결과로"), ("텐서", "과/와", "텐서와"), ("`x`", "이/가", "`x`가"),
    ("float32", "이다/다", "float32다"), ("10", "이/가", "10이"),
])
def test_particles_follow_the_final_sound(word, pair, expected):
    assert josa(word, pair) == expected
