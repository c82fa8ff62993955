"""Golden class run: the sample class (scripts/sample_class.py) graded end to end.

`tests/golden_class/sample.json` holds, per learner and item, the status, score and
max of each graded file, what was refused or passed over, and the totals of the
class table. Regenerate after a deliberate change with
`LEARN_REGOLD=1 pytest tests/test_golden_class.py`, then read the diff.
"""

import importlib.util
import json
import os
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).parent / "golden_class" / "sample.json"


def sample_class(dest):
    spec = importlib.util.spec_from_file_location("sample_class", ROOT / "scripts" / "sample_class.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(dest)


def test_the_sample_class_grades_as_recorded(tmp_path):
    cls = sample_class(tmp_path / "class")
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "2", "--json"])
    assert r.exit_code == 0, r.output
    files = {}
    for line in r.stdout.splitlines():
        row = json.loads(line)
        files[f"{row['learner']}/{row['exercise']}"] = f"{row['status']} {row['score']}/{row['max_score']}"
    table = CliRunner().invoke(main, ["class", "export", str(cls), "--format", "csv"])
    totals = {line.split(",")[0]: line.split(",")[-1] for line in table.stdout.splitlines()[1:]}
    stderr = [line for line in r.stderr.splitlines() if not line.startswith("graded ")]
    got = {"files": dict(sorted(files.items())), "percent": totals, "stderr": sorted(stderr)}
    if os.environ.get("LEARN_REGOLD"):
        EXPECTED.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert got == expected
    # the hostile learner got nothing for the hostile file, the HTML-named one was graded like anyone
    assert files["gus/softmax"].startswith("failed 0/") and files["<img src=x onerror=alert(1)>/softmax"].startswith("passed")
    assert totals["ana"] == "100.00" and totals["kim"] == "0.00" and totals["cho"] == "0.00"
