"""Gradescope: the autograder zip, and what its ``run_autograder`` does.

``build_zip`` writes the zip Gradescope takes: ``setup.sh`` (installs Python, a CPU torch
and this project from the zip's ``source/``), ``run_autograder`` (runs
``python -m grader.gradescope ROOT``), the project's course and engine (never the
reference solutions), and the class's ``class.toml``. ``run`` grades the files in
``ROOT/submission`` (``<exercise>.py``, ``quizzes/<quiz>.toml`` or ``<quiz>.toml``) exactly
as ``learn class grade`` grades one learner's folder, and writes
``ROOT/results/results.json`` in the Gradescope format (``grader.export``). ROOT is
``/autograder`` on Gradescope; tests point it at a fake tree.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from grader import paths

#: what the zip carries from this project: the engine, the course, the reports, the packaging
SHIPPED = ("grader", "exercises", "data", "reports", "pyproject.toml", "README.md")
#: never shipped, wherever they sit: reference answers, tests, caches
NEVER = ("solutions", "tests", "__pycache__", ".git", ".learn")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
set -euo pipefail
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q --upgrade pip
/autograder/venv/bin/pip install -q torch --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install -q /autograder/source/learn
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission into
# /autograder/results/results.json. AUTOGRADER_ROOT and LEARN_PYTHON exist for tests.
set -uo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
python="${LEARN_PYTHON:-/autograder/venv/bin/python}"
cd "$root"
exec "$python" -m grader.gradescope "$root" --assignment "$root/source/class.toml"
"""


def build_zip(out: Path, assignment_file: Path | None, root: Path = paths.ROOT) -> list[str]:
    """Write the autograder zip to ``out``; returns the names it holds."""
    names = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
            names.append(name)
        if assignment_file is not None:
            z.write(assignment_file, "class.toml")
        else:
            z.writestr("class.toml", "# The whole course is assigned (no class.toml was given).\n")
        names.append("class.toml")
        for top in SHIPPED:
            for path in _files(root / top):
                arc = "learn/" + path.relative_to(root).as_posix()
                z.write(path, arc)
                names.append(arc)
    return names


def _files(path: Path):
    if path.is_file():
        yield path
        return
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path.parent).parts
        if p.is_file() and not p.is_symlink() and not any(part in NEVER for part in rel) \
                and p.suffix not in (".pyc", ".db"):
            yield p


def run(root: Path, assignment_file: Path | None = None, lang: str = "en") -> dict:
    """Grade ``root/submission`` as one learner; write and return ``root/results/results.json``."""
    from grader import assignment as assignment_mod
    from grader import classroom, export, gradebook
    from grader.classfolder import discover_learner
    from grader.store import Store
    start = time.monotonic()
    if assignment_file is not None and assignment_file.is_file():
        assigned = assignment_mod.load_file(assignment_file)
    else:
        assigned = assignment_mod.default()
    # one learner, whoever they are; Gradescope keeps its own due dates
    assigned = dataclasses.replace(assigned, roster=None, due=None)
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="learn-gradescope-"))
    try:
        store = Store(work / "grades.db")
        found = discover_learner(root / "submission", "submission", assigned, loose_quizzes=True)
        for _ in classroom.grade([*found.found, *found.refused], store, jobs=1,
                                 hide=[str(work), str(results)]):
            pass
        book = gradebook.build(store, assigned)
        row = book.row("submission") or gradebook.Row("submission", {}, 0.0, assigned.total_weight)
        data = export.gradescope_results(store, book, row, lang, time.monotonic() - start)
        notes = [f"{r.shown}: {r.why}" for r in found.refused] + found.notes
        if notes:
            data["output"] += "\nNot graded: " + "; ".join(notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (results / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m grader.gradescope",
                                     description="Grade ROOT/submission into ROOT/results/results.json.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--assignment", type=Path, default=None)
    parser.add_argument("--lang", choices=("en", "ko"), default="en")
    args = parser.parse_args(argv)
    try:
        data = run(args.root, args.assignment, args.lang)
    except Exception as e:  # noqa: BLE001 - Gradescope shows results.json, so say what went wrong there
        (args.root / "results").mkdir(parents=True, exist_ok=True)
        (args.root / "results" / "results.json").write_text(json.dumps(
            {"score": 0, "output": f"The autograder failed ({type(e).__name__}: {e}); tell your instructor.",
             "tests": []}) + "\n")
        raise
    print(f"score {data['score']}; {len(data['tests'])} test(s); results in {args.root / 'results' / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
