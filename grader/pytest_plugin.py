"""pytest runs the hidden suites: ``--submission=PATH``, the ``sub`` and ``device`` fixtures, the markers.

An instructor grades one file with plain pytest (docs/WRITING_CHECKS.md)::

    python -m pytest --pyargs grader.hidden.test_softmax --submission=softmax.py -p grader.pytest_plugin

(``-p`` is not needed where the package is installed: it registers this module as a
``pytest11`` entry point). Every check is one test; a failing check shows the message
a learner would read, not a traceback; ``-k``, ``-m gpu``, ``-x``, ``--lf``, ``-q`` and
``--collect-only`` work as usual. ``learn grade`` runs the same suite through the same
fixtures, in process, with the configuration locked down (``grader.pytest_grading``).

The learner's code never runs here: ``sub`` is a proxy to a sandboxed child that holds
the file (one child per submission and suite, opened again after a crash or a timeout).
Each check is called, and its verdict decided, by ``grader.runner.call_check`` (the class
workers' fast path calls it too); the verdict is announced with the ``pytest_learn_result`` hook.

This module is imported by every pytest run where the package is installed, so it
imports nothing heavy (no torch) until a submission is being graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from grader.checks import (DEFAULT_TIMEOUT, ID_MARK, POINTS_MARK, TIMEOUT_MARK, CheckResult, CheckSpec,
                           NotACheck, Outcome, is_check, spec_of, variant_id)
from grader.i18n import LANGS, Text, detect_lang
from grader.limits import MAX_SOURCE_BYTES, SUBMISSION_BUDGET_S

SUBMISSION_HELP = "the learner's file to grade with the hidden checks (it runs only in a sandboxed child)"
FEEDBACK_LANG_HELP = "language of the feedback shown for failed checks (default: LEARN_LANG, else the locale)"
MARKERS = (
    f"{ID_MARK}(name): the check's stable id, stored with every result; its cuda case is name[cuda]",
    f"{POINTS_MARK}(n): what the check is worth; score = points passed / points possible",
    f"{TIMEOUT_MARK}(seconds): time limit of each call into the learner's code (default {DEFAULT_TIMEOUT:g} s)",
    "gpu: the cuda case of the device fixture; skipped where there is no CUDA, and then not counted",
)
NO_CUDA_REASON = "no CUDA device here"


@dataclass
class Target:
    """The one submission a pytest session grades."""

    source: str
    filename: str                    # what the child and the messages call the file
    judge: Any = None                # a grader.sandbox.Judge; None: the session starts its own
    exercise: Any = None             # a catalog Exercise; None: the one whose hidden suite runs
    budget_s: float = SUBMISSION_BUDGET_S
    lang: str = "en"
    findings: list | None = None     # its banned-API findings when the caller scanned it already


@dataclass
class Loaded:
    """The submission loaded in a sandboxed child for one hidden suite."""

    exercise: Any
    workers: Any                     # grader.runner._Workers: a live child, reopened after a crash
    findings: list
    deadline: float                  # time.monotonic() by which every call must have returned
    sandbox: str
    failure: tuple[Outcome, Text] | None   # why the file did not load; None: it did


@dataclass(frozen=True)
class Variant:
    """One collected check on one device."""

    spec: CheckSpec
    id: str
    device: str


@dataclass
class _Run:
    sub: Any
    loaded: Loaded


TARGET = pytest.StashKey[Target]()              # config: what this session grades
LOADED = pytest.StashKey[list]()                # config: every Loaded this session opened
VARIANT = pytest.StashKey[Variant]()            # item: the check it is
RUN = pytest.StashKey[_Run]()                   # item: its proxy and its loaded submission
RESULT = pytest.StashKey[CheckResult]()         # item: its verdict


class Hooks:
    """Hooks this plugin adds."""

    @pytest.hookspec
    def pytest_learn_result(self, item: pytest.Item, result: CheckResult) -> None:
        """A check came to its verdict (once per check that was run or skipped). ``learn grade``'s
        collector gathers these into an ExerciseResult."""


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(Hooks)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("learn", "grading a learner's file with the hidden checks")
    group.addoption("--submission", metavar="PATH", default=None, help=SUBMISSION_HELP)
    group.addoption("--feedback-lang", choices=LANGS, default=None, help=FEEDBACK_LANG_HELP)


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    path = config.getoption("submission", None)
    if path:
        target = _target_from_file(Path(path), config.getoption("feedback_lang") or detect_lang())
        _refuse_learner_config(config.inipath, Path(target.filename))
        config.stash[TARGET] = target
        _prefork()
        config.pluginmanager.register(Tally(), "learn-tally")


def _refuse_learner_config(inipath: Path | None, submission: Path) -> None:
    """pytest reads the configuration file nearest to its arguments or to the working directory;
    one that sits with the learner's file but not with the course is the learner's to write."""
    from grader import paths
    if inipath is None:
        return
    folder = inipath.resolve().parent
    if submission.is_relative_to(folder) and not paths.HIDDEN_DIR.is_relative_to(folder):
        raise pytest.UsageError(
            f"pytest read {inipath}, which lies with the submission, so its author controls this run. "
            f"Run from another folder, and write --submission=PATH (with '=': pytest takes a separate "
            f"PATH for a test path and looks for configuration next to it), or pass -c {paths.HIDDEN_DIR / 'pytest.ini'}.")


def _target_from_file(path: Path, lang: str) -> Target:
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise pytest.UsageError(f"--submission {path}: larger than {MAX_SOURCE_BYTES // 1024} KiB")
        source = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise pytest.UsageError(f"--submission {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise pytest.UsageError(f"--submission {path}: not UTF-8 text") from None
    return Target(source, str(path.resolve()), lang=lang)


def _prefork() -> None:
    """Start the warm fork server before any torch operation (see DESIGN.md: the judge)."""
    import numpy  # noqa: F401 - imported before the fork, as torch
    import torch

    from grader.sandbox import prefork
    prefork()
    torch.set_num_threads(1)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def learn_judge(pytestconfig: pytest.Config):
    """The judge that starts the sandboxed children: ``learn grade``'s, or one for this session
    that hides the course's secrets and the submission's own folder from the child."""
    target = _target(pytestconfig)
    if target.judge is not None:
        yield target.judge
        return
    from grader import paths
    from grader.sandbox import Judge
    hide = [*paths.secret_dirs(), Path(target.filename).parent]
    judge = Judge(hide=[str(p) for p in hide])
    yield judge
    judge.close()


@pytest.fixture(scope="module")
def learn_loaded(request: pytest.FixtureRequest, learn_judge) -> Loaded:
    """The submission loaded in a child for this hidden suite, with its time budget."""
    from grader import banned
    from grader.runner import _load_failure, open_submission
    target = _target(request.config)
    exercise = target.exercise or exercise_of(request.module.__name__)
    findings = target.findings if target.findings is not None else banned.scan(target.source, exercise.banned)
    workers, deadline = open_submission(learn_judge, target.source, target.filename, exercise, target.budget_s)
    failure = None if workers.hello.ok else _load_failure(workers.hello, target.filename)
    loaded = Loaded(exercise, workers, findings, deadline, workers.current.sandbox, failure)
    request.config.stash.setdefault(LOADED, []).append(loaded)
    yield loaded
    workers.close()


@pytest.fixture
def sub(request: pytest.FixtureRequest, learn_loaded: Loaded):
    """The learner's module as a check sees it: ``sub.softmax(x)`` runs in the child and returns
    plain data (``grader.proxy.Submission``); one per check, so each records its own calls."""
    from grader.proxy import Submission
    variant = request.node.stash.get(VARIANT, None)
    proxy = Submission(learn_loaded.workers.get, variant.spec.timeout if variant else DEFAULT_TIMEOUT,
                       learn_loaded.deadline)
    request.node.stash[RUN] = _Run(proxy, learn_loaded)
    return proxy


@pytest.fixture(params=["cpu", pytest.param("cuda", marks=pytest.mark.gpu)])
def device(request: pytest.FixtureRequest) -> str:
    """Where the check builds its tensors: ``cpu``, then ``cuda`` (marked ``gpu``, skipped
    where there is no CUDA)."""
    return request.param


def _target(config: pytest.Config) -> Target:
    target = config.stash.get(TARGET, None)
    if target is None:
        raise pytest.UsageError("no submission to grade: pass --submission PATH")
    return target


def exercise_of(module_name: str):
    """The catalog exercise whose hidden suite is ``module_name``."""
    from grader import catalog
    for ex in catalog.load_catalog():
        if ex.hidden_module == module_name:
            return ex
    raise pytest.UsageError(f"{module_name} is not the hidden suite of an exercise in the catalog")


# ------------------------------------------------------------------ collection
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Know each check (id, points, device); skip the cuda cases where there is no CUDA."""
    cuda = None
    for item in items:
        fn = getattr(item, "function", None)
        if fn is None or not is_check(fn):
            continue
        try:
            spec = spec_of(fn)
        except NotACheck as e:
            raise pytest.UsageError(f"{item.nodeid}: {e}") from None
        callspec = getattr(item, "callspec", None)
        on = callspec.params.get("device", "cpu") if callspec is not None else "cpu"
        item.stash[VARIANT] = Variant(spec, variant_id(spec.id, on), on)
        item.extra_keyword_matches.add(spec.id)
        if on == "cuda":
            cuda = _cuda_available() if cuda is None else cuda
            if not cuda:
                item.add_marker(pytest.mark.skip(reason=NO_CUDA_REASON))


def _cuda_available() -> bool:
    import torch
    return torch.cuda.is_available()


# ------------------------------------------------------------------ verdicts
@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Call a check with its ``sub`` and ``device`` through ``runner.call_check``, as the class
    workers' fast path does, which decides its verdict from what it raised and what the learner's
    code called; other tests are pytest's to call."""
    run, variant = pyfuncitem.stash.get(RUN, None), pyfuncitem.stash.get(VARIANT, None)
    if run is None or variant is None:
        return None
    spec, loaded = variant.spec, run.loaded
    result = CheckResult(variant.id, Outcome.PASSED, spec.points, spec.points, None, variant.device)
    if loaded.failure is not None:          # the file never loaded: every check says why
        result.outcome, result.message = loaded.failure
        result.points = 0
    else:
        from grader.runner import call_check
        call_check(spec, run.sub, variant.device, result, loaded.exercise, loaded.findings)
    pyfuncitem.stash[RESULT] = result
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A check that did not pass fails with the learner's message as its report, no traceback;
    each verdict is announced once, with ``pytest_learn_result``."""
    report = yield
    variant = item.stash.get(VARIANT, None)
    if variant is None or call.when == "teardown" or (call.when == "setup" and report.passed):
        return report
    if report.skipped and call.when == "setup":
        from grader.runner import NO_CUDA
        message = NO_CUDA if variant.device == "cuda" else Text.same(f"Skipped: {_skip_reason(report)}")
        item.stash[RESULT] = CheckResult(variant.id, Outcome.SKIPPED, 0, variant.spec.points, message, variant.device)
    result = item.stash.get(RESULT, None)
    if result is None or report.failed:
        return report             # the grader itself failed here, and pytest's report says how
    if result.outcome not in (Outcome.PASSED, Outcome.SKIPPED):
        target = item.config.stash.get(TARGET, None)
        report.outcome = "failed"
        report.longrepr = feedback(result, target.lang if target else "en")
    item.config.hook.pytest_learn_result(item=item, result=result)
    return report


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else "skipped"


def feedback(result: CheckResult, lang: str = "en") -> str:
    """A failed check as pytest shows it: the same lines ``learn grade`` prints, no traceback."""
    lines = [f"{result.id} [{result.outcome.value}, 0/{result.max_points}]"]
    if result.message is not None:
        lines += [f"    {line}" for line in result.message.get(lang).splitlines()]
    printed = result.output.rstrip("\n")
    if printed:
        lines.append("    " + Text("Your code printed:", "코드가 출력한 내용:").get(lang))
        lines += [f"    | {line}" for line in printed.splitlines()]
    return "\n".join(lines)


class Tally:
    """The score line at the end of a plain pytest run (skipped checks are not counted)."""

    def __init__(self) -> None:
        self.results: list[CheckResult] = []

    def pytest_learn_result(self, item: pytest.Item, result: CheckResult) -> None:
        self.results.append(result)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.results:
            return
        counted = [r for r in self.results if r.counted]
        score = sum(r.points for r in counted if r.outcome is Outcome.PASSED)
        line = f"learn: {score}/{sum(r.max_points for r in counted)} points"
        if len(counted) < len(self.results):
            line += f"; {len(self.results) - len(counted)} skipped check(s) not counted"
        terminalreporter.write_sep("-", line)
