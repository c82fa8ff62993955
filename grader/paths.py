"""Where the course lives on disk. The only module that knows the layout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXERCISES_DIR = ROOT / "exercises"
QUIZZES_DIR = EXERCISES_DIR / "quizzes"
SOLUTIONS_DIR = ROOT / "solutions"
WRONG_DIR = SOLUTIONS_DIR / "wrong"
RIGHT_DIR = SOLUTIONS_DIR / "right"
HIDDEN_DIR = Path(__file__).resolve().parent / "hidden"
TESTS_DIR = ROOT / "tests"
DATA_DIR = ROOT / "data"


def secret_dirs() -> list[Path]:
    """Folders a submission must never see: reference answers, hidden checks, our tests."""
    return [SOLUTIONS_DIR, HIDDEN_DIR, TESTS_DIR, ROOT / ".git"]
