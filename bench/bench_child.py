"""Cost of one child on each confinement level: fork it, confine it, load a softmax submission,
run one call, end it. What every check that needs a fresh child pays.

Run: .venv/bin/python bench/bench_child.py [--repeat 40]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy  # noqa: F401
import torch

from grader.sandbox import prefork

prefork()                       # before any torch operation
torch.set_num_threads(1)

from grader import paths  # noqa: E402
from grader.sandbox import Judge  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()
    source = (paths.SOLUTIONS_DIR / "softmax.py").read_text()
    x = torch.randn(4, 5)
    for userns in (False, True):
        judge = Judge(hide=[str(p) for p in paths.secret_dirs()], warm=True, userns=userns)
        times, level = [], "?"
        for _ in range(args.repeat):
            start = time.perf_counter()
            worker = judge.open(source, "softmax.py", "softmax")
            reply = worker.call("softmax", (x,), {"dim": 1})
            worker.close()
            times.append(time.perf_counter() - start)
            assert reply.ok, (worker.hello, reply)
            level = worker.sandbox
        kept = times[3:]              # the first ones warm caches
        print(f"{level:16s} median {statistics.median(kept) * 1e3:6.1f} ms   min {min(kept) * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
