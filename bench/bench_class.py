"""Wall time of `learn class grade` on a sample class, with 1 worker and with N, measured in the same run.

The class: LEARNERS learners, each with every exercise of the course, drawn in turn
from the reference solution, the untouched stub and the wrong-answer fixtures, plus
one quiz answer file each. Baseline for scale: a bare `python -c "import torch"`.
Run: .venv/bin/python bench/bench_class.py [--learners 12] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from grader import catalog, paths  # noqa: E402
from grader.quiz import list_quizzes, variant_for  # noqa: E402


def _answer(q) -> str:
    """The right answer to one question of a variant, as a learner would write it in TOML."""
    if q.kind == "numeric":
        return repr(q.expected)
    if q.kind == "single":
        return json.dumps(q.expected)
    if q.kind == "multiple":
        return json.dumps(",".join(sorted(q.expected)))
    return json.dumps(q.expected[0])


def make_class(root: Path, learners: int) -> int:
    """Write the sample class; returns the number of files to grade."""
    files = 0
    pools = {}
    for ex in catalog.load_catalog():
        wrong = sorted((paths.WRONG_DIR / ex.id).glob("*.py"))
        pools[ex.id] = cycle([paths.SOLUTIONS_DIR / f"{ex.id}.py", ex.folder / "stub.py", *wrong])
    quizzes = cycle(list_quizzes())
    for n in range(learners):
        folder = root / f"learner{n:02d}"
        folder.mkdir(parents=True)
        for ex_id, pool in pools.items():
            shutil.copy(next(pool), folder / f"{ex_id}.py")
            files += 1
        quiz = next(quizzes)
        (folder / "quizzes").mkdir()
        (folder / "quizzes" / f"{quiz.id}.toml").write_text("".join(
            f"{q.id} = {_answer(q)}\n" for q in variant_for(quiz, folder.name).questions), encoding="utf-8")
        files += 1
    return files


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="learn-bench-class-"))
    try:
        files = make_class(work / "class", args.learners)
        baseline = wall([sys.executable, "-c", "import torch"])
        learn = [sys.executable, "-m", "grader.cli", "class", "grade", str(work / "class")]
        one = wall([*learn, "--jobs", "1", "--db", str(work / "one.db")])
        many = wall([*learn, "--jobs", str(args.jobs), "--db", str(work / "many.db")])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"class: {args.learners} learners, {files} files; {os.cpu_count()} cores")
    print(f"python -c 'import torch'            {baseline:6.2f} s")
    print(f"learn class grade --jobs 1          {one:6.2f} s   {one / files * 1000:6.0f} ms a file")
    print(f"learn class grade --jobs {args.jobs:<2}         {many:6.2f} s   {many / files * 1000:6.0f} ms a file"
          f"   speed-up x{one / many:.2f}")


if __name__ == "__main__":
    main()
