"""The course data: every exercise loads, is complete in both languages, and matches the contract."""

import ast

import pytest

from grader import catalog, paths
from grader.catalog import CatalogError
from grader.checks import collect
from grader.i18n import detect_lang

EXERCISES = catalog.load_catalog()


def test_every_exercise_folder_loads():
    assert catalog.catalog_errors() == ()


def test_a_broken_folder_is_reported_not_fatal(tmp_path):
    good = tmp_path / "softmax"
    import shutil
    shutil.copytree(paths.EXERCISES_DIR / "softmax", good)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "exercise.toml").write_text('id = "broken"\norder = 99\n')
    assert [e.id for e in catalog.load_catalog(tmp_path)] == ["softmax"]
    (problem,) = catalog.catalog_errors(tmp_path)
    assert problem.startswith("broken:")


def test_orders_are_unique_and_sorted():
    orders = [e.order for e in EXERCISES]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.id for e in EXERCISES])
def test_exercise_is_complete(ex):
    assert ex.prompt.en.strip() and ex.prompt.ko.strip() and ex.prompt.en != ex.prompt.ko
    assert all(h.en and h.ko and h.en != h.ko for h in ex.hints)
    stub = ast.parse(ex.stub)
    defined = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert set(ex.functions) <= defined, "the stub must define every contract function"
    assert "NotImplementedError" in ex.stub
    solution = ast.parse((paths.SOLUTIONS_DIR / f"{ex.id}.py").read_text())
    assert set(ex.functions) <= {n.name for n in solution.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    checks = collect(ex.hidden_module)
    assert checks and all(c.points >= 1 for c in checks)


def test_unknown_names_suggest_close_ones():
    with pytest.raises(CatalogError, match="Did you mean: softmax"):
        catalog.get("softmx")
    with pytest.raises(CatalogError, match="learn list"):
        catalog.get("zzzzzz")


def test_language_detection():
    assert detect_lang({"LEARN_LANG": "ko"}) == "ko"
    assert detect_lang({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert detect_lang({"LANG": "en_US.UTF-8", "LEARN_LANG": "fr"}) == "en"
    assert detect_lang({"LC_ALL": "de_DE.UTF-8", "LANG": "ko_KR.UTF-8"}) == "en"
