"""Grading a whole class folder: incremental, parallel, resumable.

A rerun grades only the files whose submission (sha256 of its bytes) or suite (the
hidden checks and what they rely on, or the quiz file) changed since the newest
attempt of that learner at that item; everything else is reused from the store.
Each attempt is committed on its own, so an interrupted run (Ctrl-C, ``kill -9``)
keeps what it graded and the next run does the rest.

Exercises are graded by worker processes (``grader.workers``), each with its own warm
sandbox parent; the main process alone writes to the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from grader import catalog, paths
from grader.checks import ExerciseResult
from grader.classfolder import Discovery, Found, ReadRefused, Refusal, read_capped
from grader.i18n import Text
from grader.limits import WORKER_JOB_TIMEOUT_S
from grader.workers import WorkerPool


@dataclass(frozen=True)
class Graded:
    """What happened to one file in this run."""

    learner: str
    item: str
    kind: str
    shown: str
    result: ExerciseResult
    attempt_id: int

    @property
    def loaded(self) -> bool:
        return self.result.loaded


@dataclass
class Plan:
    todo: list[Found | Refusal]
    reused: list[Found | Refusal]


def plan(found: Discovery, store, regrade: bool = False) -> Plan:
    """Split the files into those to grade now and those whose newest attempt already graded
    exactly this submission with exactly this suite."""
    latest = {} if regrade else store.latest_hashes()
    suites = _suite_hashes()
    todo, reused = [], []
    for f in [*found.found, *found.refused]:
        key = latest.get((f.learner, f.item))
        (reused if key == (f.sha256, suites.get((f.kind, f.item))) else todo).append(f)
    return Plan(todo, reused)


def _suite_hashes() -> dict[tuple[str, str], str]:
    from grader.quiz import list_quizzes
    from grader.suites import suite_hash
    hashes = {("exercise", e.id): suite_hash(e) for e in catalog.load_catalog()}
    hashes.update({("quiz", q.id): q.sha256 for q in list_quizzes()})
    return hashes


# ------------------------------------------------------------------ workers
_JUDGE = None


def _init_worker(hide: list[str]) -> None:
    import numpy  # noqa: F401 - imported before the fork server starts, as torch
    import torch

    from grader.sandbox import Judge, prefork
    prefork()
    torch.set_num_threads(1)   # the workers are the parallelism: one thread each, no oversubscription
    global _JUDGE
    _JUDGE = Judge(hide=hide, warm=True)


def _grade_in_worker(job: tuple[Found, bytes]) -> tuple[Found, ExerciseResult, bytes]:
    """Grade one file; an unexpected grader error fails only this item, with a message."""
    found, data = job
    try:
        return found, _grade_source(found, data), data
    except Exception as e:  # noqa: BLE001 - one broken item must not stop the class
        return found, _failed(found, Text(
            f"The grader failed on this file ({type(e).__name__}: {e}); tell your instructor.",
            f"채점기가 이 파일에서 실패했습니다({type(e).__name__}: {e}). 강사에게 알려 주세요.")), data


def _grade_source(found: Found, data: bytes) -> ExerciseResult:
    from grader.runner import grade_source
    ex = catalog.get(found.item)
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        return _failed(found, Text(f"{found.path.name} is not UTF-8 text: save it as UTF-8.",
                                   f"{found.path.name} 파일이 UTF-8 텍스트가 아닙니다: UTF-8로 저장하세요."),
                       _JUDGE.device if _JUDGE else "cpu")
    return grade_source(ex, source, f"{found.item}.py", _JUDGE)


def _failed(item: Found | Refusal, message: Text, device: str = "cpu") -> ExerciseResult:
    """Every check of ``item`` failed with ``message``: a file that could not be graded at all."""
    if item.kind == "quiz":
        from grader.quiz import get_quiz, variant_for
        from grader.quiz.grading import grade_unreadable
        result = grade_unreadable(variant_for(get_quiz(item.item), item.learner), message.en).result
    else:
        from grader.runner import unreadable
        result = unreadable(catalog.get(item.item), message, device)
    result.loaded = False
    return result


def _refused(item: Refusal) -> ExerciseResult:
    return _failed(item, Text(f"{item.shown} was not graded: it is {item.why}.",
                              f"{item.shown} 파일은 채점하지 않았습니다: {item.why}."))


# ------------------------------------------------------------------ the run
def grade(work: list[Found | Refusal], store, *, jobs: int = 2, hide: list[str] = ()) -> Iterator[Graded]:
    """Grade every item of ``work``, record each attempt as it comes, yield what happened.

    Stopping the iteration (Ctrl-C in the caller) stops the workers; what was recorded stays."""
    exercises = [f for f in work if isinstance(f, Found) and f.kind == "exercise"]
    others = [f for f in work if not (isinstance(f, Found) and f.kind == "exercise")]
    if not exercises:
        yield from _grade_here(others, store)
        return
    hide = [*map(str, paths.secret_dirs()), *hide]
    with WorkerPool(min(jobs, len(exercises)), _init_worker, (hide,), _grade_in_worker,
                    job_timeout=WORKER_JOB_TIMEOUT_S) as pool:
        finished = pool.run(_with_data(exercises))
        yield from _grade_here(others, store)           # while the workers start (each imports torch)
        for (found, data), done in finished:
            if done is None:
                result = _failed(found, Text(
                    "The grader stopped on this file: its worker process died or ran past "
                    f"{WORKER_JOB_TIMEOUT_S:.0f} s. Tell your instructor.",
                    "채점기가 이 파일에서 멈췄습니다: 작업 프로세스가 죽었거나 "
                    f"{WORKER_JOB_TIMEOUT_S:.0f}초를 넘겼습니다. 강사에게 알려 주세요."))
            else:
                _, result, data = done
            yield _record(store, found, result, data)


def _with_data(exercises: list[Found]) -> Iterator[tuple[Found, bytes]]:
    """Each file's bytes, read again (never through a link, never over the cap) as the pool asks."""
    for found in exercises:
        try:
            data, _ = read_capped(found.path)
        except ReadRefused as e:       # changed since it was found: graded as what it is now
            data = f"raise SystemExit('{found.shown} changed while it was graded: {e}')".encode()
        yield found, data


def _grade_here(items: list[Found | Refusal], store) -> Iterator[Graded]:
    for item in items:
        if isinstance(item, Refusal):
            yield _record(store, item, _refused(item))
        else:
            yield _grade_quiz(item, store)


def _grade_quiz(found: Found, store) -> Graded:
    from grader.quiz.submissions import grade_answers_bytes
    try:
        data, _ = read_capped(found.path)
    except ReadRefused as e:
        return _record(store, found, _failed(found, Text(f"{found.shown} could not be read: {e}.",
                                                         f"{found.shown} 파일을 읽을 수 없습니다: {e}.")))
    result, rows = grade_answers_bytes(found.item, found.learner, data, found.shown)
    return _record(store, found, result, data, rows)


def _record(store, item: Found | Refusal, result: ExerciseResult, data: bytes | None = None,
            rows: list[dict] | None = None) -> Graded:
    """Store one attempt with the bytes it graded: its submission hash is theirs (for a refused
    file, a stand-in), and their text is kept (bytes that are not UTF-8 shown as \\xNN)."""
    result.make_safe()
    source = None
    if data is not None:
        result.submission_sha256 = hashlib.sha256(data).hexdigest()
        source = data.decode("utf-8", "backslashreplace")
    else:
        result.submission_sha256 = item.sha256
    attempt_id = store.record(item.learner, result, ("quiz_answers", rows) if rows else None,
                              source=source, submitted_at=item.mtime or None)
    return Graded(item.learner, item.item, item.kind, item.shown, result, attempt_id)


def hidden_paths(class_dir: Path, store) -> list[str]:
    """What a child must not see besides the course's secrets: the class folder and its database."""
    return [str(Path(class_dir).resolve()), str(store.path.resolve().parent)]
