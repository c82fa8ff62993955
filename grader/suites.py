"""Which version of the checks graded an attempt: a hash that changes when a verdict could.

Kept free of torch, so that a class rerun can tell what needs grading without importing it.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from grader.catalog import Exercise

#: the engine's modules whose change can change a verdict or a message, beside the suite itself
VERDICT_MODULES = ("checks.py", "compare.py", "runner.py", "proxy.py", "banned.py", "explain.py",
                   "pytest_plugin.py", "pytest_grading.py")


def suite_hash(exercise: Exercise) -> str:
    """Which version of the checks graded an attempt: the hidden suite, the exercise's metadata
    (its banned APIs) and the engine modules verdicts depend on. A class rerun regrades a file
    when this changes."""
    return _suite_hash(exercise.hidden_path, exercise.folder / "exercise.toml")


@functools.lru_cache(maxsize=None)
def _suite_hash(hidden: Path, metadata: Path) -> str:
    h = hashlib.sha256()
    for part in (hidden, metadata, *(Path(__file__).parent / m for m in VERDICT_MODULES)):
        h.update(part.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
