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


def test_the_particle_alone_fits_an_f_string_after_the_value():
    from grader.i18n import eul_reul, eun_neun, euro_ro, gwa_wa, i_ga
    assert f"{'(3, 4)'}{i_ga('(3, 4)')}" == "(3, 4)가"
    assert "`softmax`" + i_ga("`softmax`") == "`softmax`가" and i_ga("ValueError") == "가"
    assert eul_reul("dim") == "을" and eun_neun("손실") == "은" and gwa_wa("텐서") == "와"
    assert euro_ro("파일") == "로" and euro_ro("dim") == "으로" and i_ga(10) == "이"


TEMPLATED = ("이(가)", "을(를)", "은(는)", "와(과)", "과(와)", "(으)로")


def test_no_text_chooses_its_particle_by_template():
    """Every Korean text picks its particle from the word before it (i18n.josa and friends)."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    files = [p for d in ("grader", "reports", "exercises", "docs") for p in (root / d).rglob("*")
             if p.suffix in (".py", ".md", ".toml", ".html") and p.is_file()]
    offenders = [f"{p.relative_to(root)}:{n}" for p in files
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if any(t in line for t in TEMPLATED) and p.name != "i18n.py"]
    assert not offenders, offenders
