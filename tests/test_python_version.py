"""The Python the project says it needs is the one it is tested on: the lowest supported is the one CI runs."""

import re
import sys

from grader import paths


def test_the_lowest_supported_python_is_declared_and_is_what_runs_the_tests():
    declared = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (paths.ROOT / "pyproject.toml").read_text()).groups()
    lowest = tuple(map(int, declared))
    assert lowest == (3, 11)                          # tomllib is 3.11+
    assert sys.version_info[:2] >= lowest
    assert "3.11" in (paths.ROOT / "scripts" / "setup.sh").read_text()
