"""A plain `pip install .` (not only the editable one) carries every folder the grader reads,
and never the reference solutions (the self-check finds them in a checkout)."""

import tomllib

from grader import paths


def test_every_folder_the_grader_reads_is_installed():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    included = [p.rstrip("*") for p in setuptools["packages"]["find"]["include"]]
    data_globs = setuptools["package-data"]["*"]
    for folder in (paths.EXERCISES_DIR, paths.QUIZZES_DIR, paths.HIDDEN_DIR, paths.DATA_DIR):
        top = folder.relative_to(paths.ROOT).parts[0]
        assert top in included, f"{top}/ is read by the grader but not installed"
        for f in folder.rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts and ".pytest_cache" not in f.parts:
                assert any(f.match(g) for g in data_globs), f"{f.relative_to(paths.ROOT)} would be left out"


def test_the_reference_solutions_are_not_installed():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = [p.rstrip("*.") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    assert "solutions" not in included and "tests" not in included
