"""What pytest costs per file: one grading session (grader.pytest_grading) against the fast path
(grader.runner) on the same files, in one warm process, as a class worker would run them.

The first pytest session pays for importing pytest and its plugins; the figure that matters for a
class of thousands of files is a warm session after the first.
Run: .venv/bin/python bench/bench_pytest.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()

    import numpy  # noqa: F401
    import torch

    from grader.sandbox import Judge, prefork
    prefork()
    torch.set_num_threads(1)
    gc.freeze()                                       # as the CLI does after importing torch
    start = time.perf_counter()
    import pytest  # noqa: F401 - the hidden suites' markers need it on either path
    imported = time.perf_counter() - start
    from grader import catalog, paths, pytest_grading, runner
    judge = Judge(hide=[str(p) for p in paths.secret_dirs()], warm=True)
    ex = catalog.get("softmax")
    files = {"solution": (paths.SOLUTIONS_DIR / "softmax.py").read_text(),
             "stub": ex.stub,
             "wrong": (paths.WRONG_DIR / "softmax" / "no_max_subtracted.py").read_text()}
    runner.grade_source(ex, files["solution"], "softmax.py", judge)          # warm the fast path
    start = time.perf_counter()
    pytest_grading.grade_source(ex, files["solution"], "softmax.py", judge)
    first = time.perf_counter() - start

    print(f"softmax, {args.repeat} runs each, medians, {os.cpu_count()} cores")
    print(f"import pytest (once per process)          {imported * 1000:7.1f} ms")
    print(f"first pytest session (solution)           {first * 1000:7.1f} ms")
    for name, source in files.items():
        fast, through = [], []
        for _ in range(args.repeat):                  # interleaved, so load affects both alike
            for grade, out in ((runner.grade_source, fast), (pytest_grading.grade_source, through)):
                start = time.perf_counter()
                grade(ex, source, "softmax.py", judge)
                out.append(time.perf_counter() - start)
        f, p = statistics.median(fast), statistics.median(through)
        print(f"{name:<9} fast path {f * 1000:6.1f} ms   pytest {p * 1000:6.1f} ms   "
              f"pytest costs {(p - f) * 1000:+6.1f} ms per file")


if __name__ == "__main__":
    main()
