"""The course checks itself, exercise by exercise (the same as `learn verify`)."""

import re

import pytest

from grader import catalog
from grader.verify import verify_exercise

EXERCISES = catalog.load_catalog()
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_stub_and_wrong_answers(exercise, judge):
    findings = verify_exercise(exercise, judge)
    problems = [f"{f.subject}: {f.detail}" for f in findings if not f.ok]
    assert not problems, "\n".join(problems)
    # every message a learner can get here exists in Korean too, not as a copy of the English
    untranslated = [f"{f.subject} / {c.id}: {c.message.ko[:120]!r}" for f in findings if f.result
                    for c in f.result.checks if c.message and (c.message.ko == c.message.en
                                                                 or not HANGUL.search(c.message.ko))]
    assert not untranslated, "\n".join(untranslated)
    subjects = {f.subject for f in findings}
    assert {"solution", "stub"} <= subjects
    assert len(subjects) >= 4, "every exercise needs at least two wrong-answer fixtures"


def test_a_malformed_fixture_is_a_finding_not_a_crash(tmp_path, monkeypatch):
    from grader import paths
    from grader.verify import BadFixture, fixtures_for
    folder = tmp_path / "softmax"
    folder.mkdir()
    (folder / "a_no_lines.py").write_text('"""A mistake with no expect lines."""\n')
    (folder / "b_broken.py").write_text("def softmax(:\n")
    (folder / "c_good.py").write_text('"""Good.\n\nexpect-fail: basic_vector\nexpect-message: mismatch\n"""\n')
    monkeypatch.setattr(paths, "WRONG_DIR", tmp_path)
    found = fixtures_for(catalog.get("softmax"))
    assert [type(f).__name__ for f in found] == ["BadFixture", "BadFixture", "Fixture"]
    assert "needs 'expect-fail:'" in str(found[0]) and "cannot be read as Python" in str(found[1])
    assert isinstance(found[0], BadFixture) and found[0].path.name == "a_no_lines.py"
    assert found[2].expect_fail == ("basic_vector",) and found[2].mistake == "Good."


@pytest.mark.gpu
@pytest.mark.skipif(not __import__("torch").cuda.is_available(), reason="needs CUDA; none on this machine")
@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_cuda_variants_run_and_pass_on_the_reference_solution(exercise, judge):
    from grader import paths
    from grader.checks import Outcome
    from grader.runner import grade_source
    source = (paths.SOLUTIONS_DIR / f"{exercise.id}.py").read_text(encoding="utf-8")
    result = grade_source(exercise, source, f"{exercise.id}.py", judge)
    cuda = [c for c in result.checks if c.device == "cuda"]
    if not cuda:
        pytest.skip(f"{exercise.id} has no CUDA checks (it takes no tensors)")
    assert result.device.startswith("cuda")
    assert all(c.outcome is Outcome.PASSED for c in cuda), [(c.id, c.outcome, c.message) for c in cuda]


def test_a_fixture_on_the_reference_is_graded_as_the_reference_with_its_functions_replaced(tmp_path):
    import ast

    from grader import paths
    from grader.verify import BadFixture, load_fixture
    fx = load_fixture("cnn_shapes", paths.WRONG_DIR / "cnn_shapes" / "pool_stride_two.py")
    assert fx.on_reference
    reference = (paths.SOLUTIONS_DIR / "cnn_shapes.py").read_text()
    source = fx.source
    assert source.startswith(reference) and source.endswith(fx.path.read_text())
    names = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
    assert names.count("pool2d_output_size") == 2 and set(names) >= {"conv2d_output_size", "lenet5_shapes"}
    whole = load_fixture("softmax", paths.WRONG_DIR / "softmax" / "no_max_subtracted.py")
    assert not whole.on_reference and whole.source == whole.path.read_text()
    bad = tmp_path / "x.py"
    bad.write_text('"""x\n\nexpect-fail: a\nexpect-message: b\nbase: someone_else\n"""\n')
    with pytest.raises(BadFixture, match="only base is the reference"):
        load_fixture("softmax", bad)
