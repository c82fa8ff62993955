"""The grading pool never hangs: a dead worker fails only its job, a worker that cannot start stops the run."""

import os
import time

import pytest

from grader.workers import WorkerPool, WorkersFailed


def _nothing():
    pass


def _broken():
    raise RuntimeError("no judge here")


def _dies_at_start():
    os._exit(3)


def _square(job):
    if job == "die":
        os._exit(9)
    if job == "hang":
        time.sleep(60)
    return job * job


def test_every_job_comes_back_once(tmp_path):
    with WorkerPool(2, _nothing, (), _square) as pool:
        got = dict(pool.run(range(20)))
    assert got == {i: i * i for i in range(20)}


def test_a_worker_that_dies_or_hangs_fails_only_its_job_and_is_replaced():
    with WorkerPool(2, _nothing, (), _square, job_timeout=3) as pool:
        got = list(pool.run([1, "die", 2, "hang", 3, 4]))
    assert sorted(((j, r) for j, r in got), key=str) == sorted(
        [(1, 1), ("die", None), (2, 4), ("hang", None), (3, 9), (4, 16)], key=str)


@pytest.mark.parametrize("init, words", [(_broken, "could not start: RuntimeError: no judge here"),
                                         (_dies_at_start, "died 3 times while starting")])
def test_workers_that_cannot_start_stop_the_run_with_a_reason_instead_of_hanging(init, words):
    start = time.monotonic()
    with pytest.raises(WorkersFailed, match=words):
        with WorkerPool(2, init, (), _square) as pool:
            list(pool.run(range(5)))
    assert time.monotonic() - start < 60
