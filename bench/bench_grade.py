"""Wall time of `learn grade softmax` against `python -c "import torch"`, measured in the same run.

Goal: grading costs no more than the torch import plus 0.3 s.
Run: .venv/bin/python bench/bench_grade.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARN = [sys.executable, "-m", "grader.cli"]


def wall(cmd: list[str], env: dict, ok=(0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    ws, stub_ws = (Path(tempfile.mkdtemp(prefix="learn-bench-")) for _ in range(2))
    shutil.copy(ROOT / "solutions" / "softmax.py", ws / "softmax.py")
    shutil.copy(ROOT / "exercises" / "softmax" / "stub.py", stub_ws / "softmax.py")
    env = {**os.environ, "LEARN_WORKSPACE": str(ws), "LEARN_LEARNER": "bench"}
    stub_env = {**env, "LEARN_WORKSPACE": str(stub_ws)}
    baseline, grade, stub = [], [], []
    wall([sys.executable, "-c", "import torch"], env)              # warm the file cache
    for _ in range(args.repeat):                                    # interleaved, so load affects all three
        baseline.append(wall([sys.executable, "-c", "import torch"], env))
        grade.append(wall([*LEARN, "grade", "softmax"], env))
        stub.append(wall([*LEARN, "grade", "softmax"], stub_env, ok=(1,)))
    b, g, s = (statistics.median(x) for x in (baseline, grade, stub))
    print(f"runs: {args.repeat} each, medians, {os.cpu_count()} cores")
    print(f"python -c 'import torch'          {b:6.3f} s")
    print(f"learn grade softmax (solution)    {g:6.3f} s   = import + {g - b:+.3f} s   ratio {g / b:.2f}")
    print(f"learn grade softmax (stub)        {s:6.3f} s   = import + {s - b:+.3f} s   ratio {s / b:.2f}")
    print(f"goal: import + 0.300 s -> {'met' if g - b <= 0.3 else 'NOT met'}")
    for folder in (ws, stub_ws):
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
