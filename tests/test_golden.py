"""Golden runs: example submissions graded end to end by `learn grade --json`.

Each folder in tests/golden holds one submission and `expected.json`: the status,
score and the outcome of every check (durations and hashes are not compared).
Regenerate after a deliberate change with `LEARN_REGOLD=1 pytest tests/test_golden.py`,
then read the diff.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def essentials(obj: dict) -> dict:
    return {"exercise": obj["exercise"], "status": obj["status"], "score": obj["score"],
            "max_score": obj["max_score"],
            "outcomes": {c["id"]: c["outcome"] for c in obj["checks"] if c["outcome"] != "skipped"}}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case, tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (submission,) = case.glob("*.py")
    shutil.copy(submission, ws / submission.name)
    r = CliRunner().invoke(main, ["--workspace", str(ws), "--learner", "golden", "grade",
                                  submission.stem, "--json"])
    got = essentials(json.loads(r.output.strip().splitlines()[-1]))
    expected_path = case / "expected.json"
    if os.environ.get("LEARN_REGOLD"):
        expected_path.write_text(json.dumps(got, indent=2) + "\n")
    expected = json.loads(expected_path.read_text())
    assert got == expected
    assert r.exit_code == (0 if expected["status"] == "passed" else 1)
