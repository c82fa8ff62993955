"""A small process pool for grading: it never hangs on a worker that died, and stops on demand.

``multiprocessing.Pool`` replaces a dead worker silently and forever (a worker that
cannot start makes the run hang) and loses the task it held; this pool knows which
job each worker holds, reports a job whose worker died or ran past ``job_timeout`` as
``None`` (the caller records it as failed, with why), restarts the worker, and gives
up with ``WorkersFailed`` when workers keep dying before they are ready. Workers are
spawned (never forked: the caller may have run torch, see DESIGN.md), ignore Ctrl-C
(it is the caller's to handle) and die with the process that started them.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

#: a worker that dies this many times in a row before it is ready means workers cannot start
MAX_START_FAILURES = 3


class WorkersFailed(RuntimeError):
    """The workers could not start; the message says why."""


def _die_with_parent() -> None:
    try:
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):      # not Linux: the pool's own shutdown still applies
        pass


def _worker_main(conn: Connection, initializer: Callable, initargs: tuple, handler: Callable) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        initializer(*initargs)
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which gives up
        conn.send(("init_failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(("done", handler(job)))


class _Worker:
    def __init__(self, ctx, initializer, initargs, handler):
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(theirs, initializer, initargs, handler), daemon=True)
        self.process.start()
        theirs.close()
        self.ready = False
        self.job: Any = None
        self.since = 0.0

    def give(self, job: Any) -> None:
        self.job, self.since = job, time.monotonic()
        self.conn.send(job)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``jobs`` workers, each set up once by ``initializer(*initargs)``, each running
    ``handler(job)`` for the jobs it is given; use as a context manager."""

    def __init__(self, jobs: int, initializer: Callable, initargs: tuple, handler: Callable,
                 job_timeout: float = 300.0):
        self.ctx = multiprocessing.get_context("spawn")
        self.args = (initializer, initargs, handler)
        self.job_timeout = job_timeout
        self.workers = [_Worker(self.ctx, *self.args) for _ in range(max(1, jobs))]
        self.start_failures = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            if w.process.is_alive() and w.job is None and w.ready:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.process.join(1 if w.job is None else 0)
            w.kill()
        self.workers = []

    def run(self, jobs: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """Yield ``(job, result)`` as each finishes; ``result`` is None when the worker died or
        ran past the time limit on it (a fresh worker takes its place)."""
        pending = iter(jobs)
        exhausted = False
        end = object()
        while True:
            for w in self.workers:
                if w.ready and w.job is None and not exhausted:
                    job = next(pending, end)
                    if job is end:
                        exhausted = True
                    else:
                        w.give(job)
            busy = [w for w in self.workers if w.job is not None or not w.ready]
            if exhausted and not any(w.job is not None for w in self.workers):
                return
            if not busy:
                continue
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            for w in list(busy):
                if w.conn in ready:
                    try:
                        kind, value = w.conn.recv()
                    except (EOFError, OSError):
                        kind, value = "died", None
                    if kind == "done":
                        job, w.job = w.job, None
                        yield job, value
                        continue
                    if kind == "ready":
                        w.ready, self.start_failures = True, 0
                        continue
                    if kind == "init_failed":
                        raise WorkersFailed(f"a grading worker could not start: {value}")
                    yield from self._replace(w)
                elif w.process.sentinel in ready or (w.job is not None and
                                                     time.monotonic() - w.since > self.job_timeout):
                    yield from self._replace(w)

    def _replace(self, w: _Worker) -> Iterator[tuple[Any, Any]]:
        job = w.job
        if not w.ready:
            self.start_failures += 1
            if self.start_failures >= MAX_START_FAILURES:
                raise WorkersFailed(f"grading workers died {self.start_failures} times while starting "
                                    f"(exit code {w.process.exitcode})")
        w.kill()
        self.workers[self.workers.index(w)] = _Worker(self.ctx, *self.args)
        if job is not None:
            yield job, None
