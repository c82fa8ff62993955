"""`learn class grade` on a synthetic class: per-file cost against the fork floor, rerun, memory.

The class: LEARNERS learners × every exercise of the course, each file drawn in turn
from the reference solution, the other right answers, the untouched stub and the
wrong-answer fixtures, plus one quiz answers file per learner; no class.toml, so the
whole course is assigned. Measured in one run, on this machine:

- the fork floor: a bare ``fork()`` of a parent that has imported torch (as a grading
  worker has), the child exiting at once without importing anything;
- the first run with ``--jobs N``: its start (until the first exercise file is graded),
  then the cost per exercise file (wall time from the first exercise result to the last,
  divided by their number), and that cost as a multiple of the fork floor;
- a rerun with nothing changed, against the time to read and hash every file;
- the peak memory of the whole process tree (sum of RSS, and of PSS, which counts
  pages shared between forked processes once), sampled every 50 ms.

Run: .venv/bin/python bench/bench_class.py [--learners 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import catalog, paths  # noqa: E402
from grader.quiz import list_quizzes, variant_for  # noqa: E402
from grader.verify import Fixture, fixtures_for  # noqa: E402


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
    """Write the synthetic class; returns the number of files to grade."""
    files = 0
    pools = {}
    for ex in catalog.load_catalog():
        right = [p.read_text(encoding="utf-8") for p in sorted((paths.RIGHT_DIR / ex.id).glob("*.py"))]
        wrong = [fx.source for fx in fixtures_for(ex) if isinstance(fx, Fixture)]
        pools[ex.id] = cycle([(paths.SOLUTIONS_DIR / f"{ex.id}.py").read_text(encoding="utf-8"), *right,
                              ex.stub, *wrong])
    quizzes = cycle(list_quizzes())
    for n in range(learners):
        folder = root / f"learner{n:03d}"
        folder.mkdir(parents=True)
        for ex_id, pool in pools.items():
            (folder / f"{ex_id}.py").write_text(next(pool), encoding="utf-8")
            files += 1
        quiz = next(quizzes)
        (folder / "quizzes").mkdir()
        (folder / "quizzes" / f"{quiz.id}.toml").write_text("".join(
            f"{q.id} = {_answer(q)}\n" for q in variant_for(quiz, folder.name).questions), encoding="utf-8")
        files += 1
    return files


def fork_floor(n: int = 200) -> float:
    """Seconds for one bare fork + exit + wait, from a parent that imported torch."""
    code = ("import os, time, torch, numpy\n"
            "torch.set_num_threads(1)\n"
            f"n = {n}\n"
            "start = time.perf_counter()\n"
            "for _ in range(n):\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n"
            "        os._exit(0)\n"
            "    os.waitpid(pid, 0)\n"
            "print((time.perf_counter() - start) / n)\n")
    return float(subprocess.check_output([sys.executable, "-c", code], text=True))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss * 1024, pss * 1024


def run(cmd: list[str]) -> dict:
    """Run ``cmd`` (a class grade with --json), timing each line it prints and sampling its memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            rss, pss = _memory(_tree(proc.pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stamps = [time.perf_counter() - start for line in proc.stdout if json.loads(line)["kind"] == "exercise"]
    err = proc.stderr.read()
    proc.wait()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": time.perf_counter() - start, "stamps": stamps, "peak_rss": peak[0], "peak_pss": peak[1],
            "summary": err.strip().splitlines()[-1]}


def hash_all(root: Path) -> float:
    start = time.perf_counter()
    for p in root.rglob("*"):
        if p.is_file() and p.suffix in (".py", ".toml"):
            hashlib.sha256(p.read_bytes()).hexdigest()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="learn-bench-class-"))
    try:
        files = make_class(work / "class", args.learners)
        floor = fork_floor()
        learn = [sys.executable, "-m", "grader.cli", "class", "grade", str(work / "class"), "--json",
                 "--no-progress", "--jobs", str(args.jobs)]
        first = run(learn)
        rerun = run(learn)
        hashing = hash_all(work / "class")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamps = first["stamps"]
    per_file = (stamps[-1] - stamps[0]) / max(1, len(stamps) - 1)
    mb = 1024 * 1024
    print(f"class: {args.learners} learners, {files} files (the whole course each); {os.cpu_count()} cores, "
          f"--jobs {args.jobs}")
    print(f"fork floor (bare fork of a torch parent)   {floor * 1000:8.2f} ms")
    print(f"first run                                  {first['wall']:8.2f} s   ({first['summary']})")
    print(f"  start, until the first exercise is graded {stamps[0]:7.2f} s")
    print(f"  per exercise file after that ({args.jobs} jobs)   {per_file * 1000:8.2f} ms   "
          f"= {per_file / floor:.1f} x the fork floor")
    print(f"  peak memory of the process tree          {first['peak_rss'] / mb:8.0f} MB RSS, "
          f"{first['peak_pss'] / mb:.0f} MB PSS")
    print(f"rerun, nothing changed                     {rerun['wall']:8.2f} s   ({rerun['summary']})")
    print(f"  reading and hashing every file           {hashing:8.3f} s;  rerun - hashing = "
          f"{rerun['wall'] - hashing:.2f} s")


if __name__ == "__main__":
    main()
