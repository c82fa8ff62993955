"""Rendering the HTML reports from a large synthetic class store.

The store: LEARNERS learners × every exercise and quiz of the course × ATTEMPTS attempts,
with every check of each exercise's hidden suite (its CUDA variants as skipped rows),
passes more likely for abler learners and later attempts, a named mistake from the
suite's KNOWN_MISTAKES on half the failures (one per learner and exercise: a
misconception sticks), failure messages in both languages,
submissions from the course's own solutions, stubs and wrong answers, and a quiz_answers
row for every question of every quiz attempt (option ids, numeric mistakes, seeds).
It is written with executemany in one transaction; the time that takes is printed.

Targets (issue 9): the class page and every item page in < 2 s together; learner pages
at <= 5 ms each. Both are timed with the data read from the store included. A
calibration loop is timed first, so figures from a loaded machine can be read.
Run: .venv/bin/python bench/bench_reports.py [--learners 1000] [--attempts 5] [--db FILE]
(--db keeps the store, and reuses it when it already exists.)
"""

from __future__ import annotations

import argparse
import ast
import os
import hashlib
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import assignment as assignment_mod  # noqa: E402
from grader import catalog, gradebook, paths  # noqa: E402
from grader.quiz import list_quizzes, quiz_seed  # noqa: E402
from grader.store import Store  # noqa: E402
from reports import data as D  # noqa: E402
from reports import pages as P  # noqa: E402
from reports import render  # noqa: E402

START = 1_800_000_000          # 2027-01-15, the first day of the synthetic term


def suite_checks(exercise) -> list[tuple[str, int]]:
    """(check id, points) of an exercise's hidden suite, CUDA variants included, read from its source."""
    tree = ast.parse(exercise.hidden_path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args:
            cid = node.args[0].value
            kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg in ("points", "cuda")}
            found.append((cid, kw.get("points", 1)))
            if kw.get("cuda"):
                found.append((f"{cid}[cuda]", kw.get("points", 1)))
    return found


def sources(exercise) -> list[str]:
    files = [paths.SOLUTIONS_DIR / f"{exercise.id}.py", exercise.stub_path,
             *sorted((paths.WRONG_DIR / exercise.id).glob("*.py"))]
    return [f.read_text(encoding="utf-8") for f in files if f.is_file()]


def iso(seconds: float) -> str:
    import datetime as dt
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat(timespec="seconds")


def build(db: Path, learners: int, attempts: int, seed: int = 7) -> dict:
    """Write the synthetic store; returns counts."""
    rng = random.Random(seed)
    store = Store(db)
    conn = store.conn
    exercises = catalog.load_catalog()
    quizzes = list_quizzes()
    plan = {ex.id: (suite_checks(ex), sorted(D.known_mistakes(ex.id)), sources(ex)) for ex in exercises}
    difficulty = {(ex.id, cid): rng.uniform(-0.3, 0.9) for ex in exercises for cid, _ in plan[ex.id][0]}
    subs = {}
    attempt_rows, check_rows, answer_rows = [], [], []
    attempt_id = conn.execute("select coalesce(max(id), 0) from attempts").fetchone()[0]
    for n in range(learners):
        learner = f"learner{n:04d}"
        ability = rng.random()
        for ex in exercises:
            checks, mistakes, texts = plan[ex.id]
            # a learner's misconception at an exercise sticks: the same named mistake, attempt after attempt
            habit = f"{ex.id}.{rng.choice(mistakes)}" if mistakes else None
            for k in range(attempts):
                attempt_id += 1
                passed_all, score, max_score = True, 0, 0
                for cid, points in checks:
                    if cid.endswith("[cuda]"):
                        check_rows.append((attempt_id, cid, "skipped", 0, points, "cuda", 0.0,
                                           "Skipped: no CUDA device here.", "건너뜀: CUDA 장치가 없습니다.", "", None))
                        continue
                    max_score += points
                    p = 1 / (1 + math.exp(-(5 * (ability - difficulty[(ex.id, cid)]) + 1.2 * k)))
                    ok = rng.random() < p
                    score += points * ok
                    passed_all &= ok
                    mistake = habit if not ok and rng.random() < .5 else None
                    check_rows.append((
                        attempt_id, cid, "passed" if ok else "failed", points if ok else 0, points, "cpu",
                        0.002, "" if ok else f"{cid}: expected tensor([0.0900, 0.2447, 0.6652]), got "
                                             f"tensor([nan, nan, nan]) (learner {n}, attempt {k + 1})",
                        "" if ok else f"{cid}: 기대값 tensor([0.0900, 0.2447, 0.6652]), 실제 tensor([nan, nan, nan])",
                        "", mistake))
                text = texts[(n + k) % len(texts)]
                sha = hashlib.sha256(text.encode()).hexdigest()
                subs[sha] = text
                when = START + (k * 5 + rng.random() * 5) * 86400
                attempt_rows.append((attempt_id, learner, ex.id, "exercise", iso(when + 60), score, max_score,
                                     "passed" if passed_all else "failed", 0.05, sha, "suite", "bench", "cpu",
                                     "bench", iso(when), 0))
        for quiz in quizzes:
            qseed = quiz_seed(learner, quiz.id)
            for k in range(attempts):
                attempt_id += 1
                score = 0
                for q in quiz.questions:
                    ok = rng.random() < 1 / (1 + math.exp(-(4 * (ability - .4) + .8 * k)))
                    score += q.points * ok
                    choice = mistake = None
                    if q.options:
                        right = [o.id for o in q.options if o.correct]
                        wrong = [o.id for o in q.options if not o.correct] or right
                        picked = right if ok else [rng.choice(wrong)]
                        choice = ",".join(picked)
                        mistake = None if ok else ",".join(o for o in picked if any(
                            x.id == o and x.why for x in q.options)) or None
                    elif q.mistakes and not ok and rng.random() < .7:
                        mistake = f"mistake{rng.randrange(len(q.mistakes))}"
                    answer_rows.append((attempt_id, q.id, "42" if q.kind == "numeric" else "a", int(ok),
                                        q.points * ok, q.points, qseed, choice, mistake))
                    check_rows.append((attempt_id, q.id, "passed" if ok else "failed", q.points * ok, q.points,
                                       "cpu", 0.0, "", "", "", None))
                when = START + (k * 5 + rng.random() * 5) * 86400
                attempt_rows.append((attempt_id, learner, quiz.id, "quiz", iso(when + 60), score, quiz.max_score,
                                     "passed" if score == quiz.max_score else "failed", 0.01, None, quiz.sha256,
                                     "bench", "cpu", None, iso(when), None))
    generated = time.perf_counter()
    conn.execute("PRAGMA synchronous = OFF")           # a throwaway store: no need to wait for the disk
    conn.execute("PRAGMA cache_size = -262144")        # 256 MB, so the indexes are built in memory
    conn.execute("BEGIN")
    conn.executemany("insert into attempts (id, learner, exercise, kind, finished_at, score, max_score, status,"
                     " duration_s, submission_sha256, suite_sha256, grader_version, device, sandbox, submitted_at,"
                     " hints_used) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attempt_rows)
    conn.executemany("insert into check_results (attempt_id, check_id, outcome, points, max_points, device,"
                     " duration_s, message_en, message_ko, output, mistake) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     check_rows)
    conn.executemany("insert into quiz_answers (attempt_id, question_id, answer, correct, points, max_points, seed,"
                     " choice, mistake) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", answer_rows)
    conn.executemany("insert or ignore into submissions (sha256, text, bytes) values (?, ?, ?)",
                     [(sha, text, len(text.encode())) for sha, text in subs.items()])
    conn.execute("COMMIT")
    store.close()
    return {"attempts": len(attempt_rows), "checks": len(check_rows), "answers": len(answer_rows),
            "write_s": time.perf_counter() - generated}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=1000)
    ap.add_argument("--attempts", type=int, default=5)
    ap.add_argument("--db", type=Path, default=None, help="keep the store here (reused when it exists)")
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="learn-bench-reports-")) / "class.db"
    if not db.exists():
        start = time.perf_counter()
        counts = build(db, args.learners, args.attempts)
        took = time.perf_counter() - start
        print(f"built {db}: {counts['attempts']:,} attempts, {counts['checks']:,} check rows, "
              f"{counts['answers']:,} quiz answers in {took:.1f} s, of which writing them (executemany, "
              f"one transaction) {counts['write_s']:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    print(f"for scale: a 10-million-step Python loop takes {calibration():.2f} s here; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    store = Store(db)
    assignment = assignment_mod.default("bench")
    start = time.perf_counter()
    D.ensure_index(store)
    indexed = time.perf_counter() - start
    if indexed > 0.05:
        print(f"added the report index to this store in {indexed:.2f} s (once)")

    clock = Clock()
    with clock("data"):
        cd = D.load_class(store, assignment, args.lang)
    with clock("class"):
        pages = render.ClassPages(cd)
        size = len(pages.class_page())
    with clock("items"):
        for item in cd.items:
            size += len(pages.item_page(item))
    with clock("gradebook"):
        gradebook.build(store, assignment)
    print("                                              wall      cpu")
    print(f"class data read (gradebook, checks, mistakes,  {clock.wall['data']:6.2f} s  {clock.cpu['data']:6.2f} s\n"
          f"  days, attempts to pass, quiz answers)")
    print(f"  of which grader.gradebook.build (timed apart) {clock.wall['gradebook']:6.2f} s  "
          f"{clock.cpu['gradebook']:6.2f} s")
    print(f"class page (item figures included)            {clock.wall['class']:6.2f} s  {clock.cpu['class']:6.2f} s")
    print(f"{len(cd.items)} item pages                                {clock.wall['items']:6.2f} s  "
          f"{clock.cpu['items']:6.2f} s")
    steps = ("data", "class", "items")
    wall, cpu = sum(clock.wall[k] for k in steps), sum(clock.cpu[k] for k in steps)
    print(f"together                                      {wall:6.2f} s  {cpu:6.2f} s   (target < 2 s; "
          f"{size / 1e6:.1f} MB of HTML)")

    walls, cpus, data_cpu = [], [], []
    for row in cd.book.rows:
        t0, c0 = time.perf_counter(), time.process_time()
        page = P.learner_page(assignment, cd.items, D.load_learner(store, assignment, row), args.lang)
        c1 = time.process_time()
        pages.learner_page(page, title=cd.title)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        data_cpu.append((c1 - c0) * 1000)
    print(f"{len(walls)} learner pages, each: median {statistics.median(walls):.2f} ms wall, "
          f"{statistics.median(cpus):.2f} ms cpu (reading the store and building the page "
          f"{statistics.median(data_cpu):.2f} ms, rendering the rest); mean {statistics.mean(walls):.2f} ms, "
          f"95th percentile {sorted(walls)[int(len(walls) * .95) - 1]:.2f} ms wall (target <= 5 ms)")
    store.close()


class Clock:
    """Wall and CPU seconds of named steps."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def __call__(self, name: str):
        import contextlib

        @contextlib.contextmanager
        def timed():
            t0, c0 = time.perf_counter(), time.process_time()
            yield
            self.wall[name] = time.perf_counter() - t0
            self.cpu[name] = time.process_time() - c0
        return timed()


def calibration() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
