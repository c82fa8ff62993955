"""``learn grade`` through pytest: one in-process session per file, its configuration locked down.

``grade_source`` runs ``pytest.main`` on the exercise's hidden suite with
``grader.pytest_plugin`` and a ``Collector`` object that gathers each check's
``CheckResult`` from the plugin's ``pytest_learn_result`` hook (never from pytest's
printed output, which is switched off). The learner's code still runs only in the
sandboxed child; pytest and the hidden checks run here, in the judge.

Nothing near the learner's file configures pytest: the session reads only
``grader/hidden/pytest.ini`` (``-c``), with its root inside the package, no
conftest.py, no cache, no plugin loaded from the environment (``PYTEST_ADDOPTS`` and
``PYTEST_PLUGINS`` are removed for the call, and entry-point plugins such as
pytest-benchmark are not loaded), and the builtin plugins a grade does not need
left out: the unraisable-exception plugin alone runs five full garbage collections per
session, 0.8 s with torch loaded.

A session costs tens of milliseconds, which a single ``learn grade`` affords but a
class of thousands of files does not: class workers run the very same test functions
through ``grader.runner.grade_source`` (tests/test_pytest_grading.py shows that both
give identical results).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Iterator

import pytest

from grader import paths, pytest_plugin
from grader.catalog import Exercise
from grader.checks import CheckResult, ExerciseResult, Outcome, collect
from grader.limits import SUBMISSION_BUDGET_S
from grader.pytest_plugin import LOADED, TARGET, VARIANT, Loaded, Target
from grader.suites import suite_hash

#: the whole pytest configuration of a grading session
INI = paths.HIDDEN_DIR / "pytest.ini"
#: how a person, or a learner's environment, could reconfigure pytest from outside
PYTEST_ENV = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")
#: builtin plugins a grading session leaves out: output, caches, debugging, temp dirs, and the
#: garbage-collection passes of the unraisable/thread exception plugins
LEFT_OUT = ("cacheprovider", "terminal", "unraisableexception", "threadexception", "logging", "warnings",
            "faulthandler", "junitxml", "doctest", "pastebin", "stepwise", "legacypath", "tmpdir",
            "monkeypatch", "recwarn", "setuponly", "setupplan", "unittest", "debugging", "subtests")


class GradingError(RuntimeError):
    """pytest could not run the hidden suite (a grader bug, never the learner's doing)."""


def pytest_args(exercise: Exercise) -> list[str]:
    """The command line of a grading session: an explicit ini and root inside the package. The plugin
    is handed to ``pytest.main`` as an object, like the collector (no entry-point lookup)."""
    left_out = [arg for name in LEFT_OUT for arg in ("-p", f"no:{name}")]
    return ["-c", str(INI), "--rootdir", str(paths.HIDDEN_DIR), "--noconftest", "--import-mode=importlib",
            "--assert=plain", "-s", *left_out, str(exercise.hidden_path)]


@contextmanager
def locked_environment() -> Iterator[None]:
    """For the call: no PYTEST_ADDOPTS or PYTEST_PLUGINS, and no plugins loaded from entry points
    (pytest-benchmark, hypothesis, whatever the machine has). What pytest sets while it runs is put
    back after, for a pytest session this one runs inside (the project's own tests)."""
    names = (*PYTEST_ENV, "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_CURRENT_TEST")
    saved = {name: os.environ.get(name) for name in names}
    for name in PYTEST_ENV:
        os.environ.pop(name, None)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Collector:
    """A plugin object for one grading session: it hands the plugin the submission and
    gathers the results in hooks."""

    def __init__(self, target: Target):
        self.target = target
        self.checks: list[CheckResult] = []
        self.loaded: list[Loaded] = []
        self.plugins: list[str] = []
        self.problems: list[str] = []
        self.judged: set[str] = set()
        self.unjudged: dict[str, str] = {}

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[TARGET] = self.target
        self.plugins = sorted(name for name, plugin in config.pluginmanager.list_name_plugin()
                              if plugin is not None)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.problems.append(f"collecting {report.nodeid or 'the suite'}: {report.longreprtext}")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.problems += [f"{item.nodeid} is not a check: give it @check(...)" for item in session.items
                          if VARIANT not in item.stash]

    def pytest_learn_result(self, item: pytest.Item, result: CheckResult) -> None:
        self.checks.append(result)
        self.judged.add(item.nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A failure the plugin gave no verdict for is the grader's own: keep pytest's account of it."""
        if report.failed and report.nodeid not in self.judged:
            self.unjudged.setdefault(report.nodeid, report.longreprtext[-2000:])

    def pytest_internalerror(self, excrepr) -> None:
        self.problems.append(f"internal error: {excrepr}")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.loaded = session.config.stash.get(LOADED, [])


def run(exercise: Exercise, collector: Collector) -> None:
    """One pytest session over the exercise's hidden suite; GradingError unless every check the
    suite declares got a verdict, in the order the fast path grades them."""
    with locked_environment():
        code = pytest.main(pytest_args(exercise), plugins=[pytest_plugin, collector])
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    unjudged = [f"{node}: {text}" for node, text in collector.unjudged.items()]
    declared = [check_id for spec in collect(exercise.hidden_module) for check_id, _ in spec.variants()]
    graded = [c.id for c in collector.checks]
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or collector.problems or unjudged \
            or graded != declared:
        why = "; ".join(collector.problems + unjudged) or \
            f"{len(graded)} of the suite's {len(declared)} checks got a verdict, or not in order"
        raise GradingError(f"pytest could not grade {exercise.id} (exit code {int(code)}): {why}")


def grade_source(exercise: Exercise, source: str, filename: str, judge,
                 budget_s: float = SUBMISSION_BUDGET_S) -> ExerciseResult:
    """Grade ``source`` (the text of a learner's file) against the exercise's hidden checks, with
    pytest: the same result, field for field, as ``grader.runner.grade_source``."""
    from grader.runner import precheck, sha256
    start = time.perf_counter()
    early, findings = precheck(exercise, source, filename, judge.device)   # never run: no session needed
    if early is not None:
        early.seconds = time.perf_counter() - start
        return early.make_safe()
    collector = Collector(Target(source, filename, judge, exercise, budget_s, findings=findings))
    run(exercise, collector)
    result = ExerciseResult(exercise=exercise.id, submission_sha256=sha256(source.encode("utf-8", "surrogatepass")),
                            suite_sha256=suite_hash(exercise), device=judge.device, checks=collector.checks)
    if collector.loaded:
        loaded = collector.loaded[0]
        result.sandbox = loaded.sandbox
        if loaded.failure is not None:
            result.loaded = loaded.failure[0] is Outcome.NOT_ATTEMPTED
            for check in result.checks:          # as runner.every_check_as: a file that never ran
                if check.outcome is Outcome.SKIPPED:
                    check.message = None
    result.seconds = time.perf_counter() - start
    return result.make_safe()
