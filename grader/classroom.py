"""Grading a whole class folder in parallel.

Layout: ``CLASS/<learner>/<exercise>.py`` and ``CLASS/<learner>/quizzes/<quiz>.toml``.
Exercises are graded by worker processes, each with its own warm sandbox
parent; the main process alone writes to the store, one transaction per attempt.
Workers are spawned, never forked from this process, because this process may
already have run torch operations (a fork would hand workers a held lock).
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from grader import catalog, paths
from grader.checks import ExerciseResult
from grader.i18n import Text


@dataclass(frozen=True)
class Item:
    learner: str
    item: str          # exercise or quiz id
    kind: str          # "exercise" | "quiz"
    path: Path


@dataclass
class Discovery:
    items: list[Item] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def discover(class_dir: Path) -> Discovery:
    """Every gradable file under ``class_dir``, and what was passed over (with why)."""
    exercises = {e.id for e in catalog.load_catalog()}
    quizzes = _quiz_ids()
    found = Discovery()
    for learner_dir in sorted(p for p in class_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in sorted(learner_dir.iterdir()):
            if f.is_file() and f.suffix == ".py" and f.stem in exercises:
                found.items.append(Item(learner_dir.name, f.stem, "exercise", f))
            elif f.is_dir() and f.name == "quizzes":
                for q in sorted(f.glob("*.toml")):
                    if q.stem in quizzes:
                        found.items.append(Item(learner_dir.name, q.stem, "quiz", q))
                    else:
                        found.ignored.append(f"{q}: no quiz called {q.stem!r}")
            elif not f.name.startswith("."):
                found.ignored.append(f"{f}: not an exercise file (<exercise>.py) or quizzes/ folder")
    return found


def _quiz_ids() -> set[str]:
    try:
        from grader import quiz
    except ImportError:
        return set()
    return {q.id for q in quiz.list_quizzes()}


# ------------------------------------------------------------------ workers
_JUDGE = None


def _init_worker(hide: list[str]) -> None:
    import numpy  # noqa: F401
    import torch  # noqa: F401

    from grader.sandbox import Judge, prefork
    prefork()
    torch.set_num_threads(1)   # the workers are the parallelism: one thread each, no oversubscription
    global _JUDGE
    _JUDGE = Judge(hide=hide, warm=True)


def _grade_exercise(item: Item) -> tuple[Item, ExerciseResult]:
    """Grade one file; an unexpected grader error fails only this item, with a message."""
    from grader.runner import unreadable
    try:
        return _grade_file(item)
    except Exception as e:  # noqa: BLE001 - one broken item must not stop the class
        return item, unreadable(catalog.get(item.item), Text(
            f"The grader failed on this file ({type(e).__name__}: {e}); tell your instructor.",
            f"채점기가 이 파일에서 실패했습니다({type(e).__name__}: {e}). 강사에게 알려 주세요."))


def _grade_file(item: Item) -> tuple[Item, ExerciseResult]:
    from grader.runner import grade_source, unreadable
    ex = catalog.get(item.item)
    try:
        source = item.path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        why = "is not UTF-8 text" if isinstance(e, UnicodeDecodeError) else f"cannot be read ({e})"
        return item, unreadable(ex, Text(f"{item.path.name} {why}.",
                                         f"{item.path.name} 파일을 읽을 수 없습니다({why})."), _JUDGE.device)
    return item, grade_source(ex, source, str(item.path), _JUDGE)


def _grade_quiz(item: Item) -> tuple[ExerciseResult, list[dict]]:
    from grader import quiz
    return quiz.grade_answers_file(item.item, item.learner, item.path)


def grade_class(class_dir: Path, store, jobs: int = 2,
                on_result: Callable[[Item, ExerciseResult], None] | None = None) -> Iterator[tuple[Item, ExerciseResult]]:
    """Grade every item under ``class_dir``, record each attempt, yield results as they come."""
    found = discover(class_dir)
    exercises = [i for i in found.items if i.kind == "exercise"]
    hide = [*map(str, paths.secret_dirs()), str(class_dir.resolve()), str(store.path.resolve().parent)]
    quizzes = [i for i in found.items if i.kind == "quiz"]
    if not exercises:
        yield from _grade_quizzes(quizzes, store)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes=max(1, min(jobs, len(exercises))), initializer=_init_worker,
                  initargs=(hide,)) as pool:
        pending = pool.imap_unordered(_grade_exercise, exercises)
        yield from _grade_quizzes(quizzes, store)      # while the workers start (each imports torch)
        for item, result in pending:
            store.record(item.learner, result)
            yield item, result


def _grade_quizzes(quizzes: list[Item], store) -> Iterator[tuple[Item, ExerciseResult]]:
    for item in quizzes:
        result, rows = _grade_quiz(item)
        store.record(item.learner, result, extra=("quiz_answers", rows))
        yield item, result


def timed(gen: Iterator) -> tuple[list, float]:
    start = time.perf_counter()
    out = list(gen)
    return out, time.perf_counter() - start
