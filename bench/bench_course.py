"""The whole course's hidden suite on every reference solution, in one warm judge.

Goal (issue 3): well under a minute on a 2-core machine. Baseline for scale: a bare
`python -c "import torch"`, measured in the same run.
Run: .venv/bin/python bench/bench_course.py
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy  # noqa: F401
import torch  # noqa: F401

from grader.sandbox import Judge, prefork

prefork()

from grader import catalog, paths  # noqa: E402
from grader.runner import grade_source  # noqa: E402


def main() -> None:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    baseline = time.perf_counter() - start

    judge = Judge(hide=[str(p) for p in paths.secret_dirs()], warm=True)
    rows, total_checks = [], 0
    start = time.perf_counter()
    for ex in catalog.load_catalog():
        source = (paths.SOLUTIONS_DIR / f"{ex.id}.py").read_text()
        t = time.perf_counter()
        r = grade_source(ex, source, f"{ex.id}.py", judge)
        rows.append((ex.id, time.perf_counter() - t, r.score, r.max_score, len(r.checks)))
        total_checks += len(r.checks)
    total = time.perf_counter() - start
    for ex_id, took, score, max_score, n in rows:
        print(f"{ex_id:<22} {took:6.2f} s  {score:>3}/{max_score:<3} ({n} checks)")
    print(f"whole course: {total:.2f} s for {len(rows)} exercises, {total_checks} checks "
          f"(first fork includes the server's warm-up)")
    print(f"baseline python -c 'import torch': {baseline:.2f} s; course / baseline = {total / baseline:.1f}")
    print(f"goal: well under 60 s -> {'met' if total < 30 else 'NOT met'}")


if __name__ == "__main__":
    main()
