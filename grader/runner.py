"""Grade one submission of one exercise: load it in a child, run every hidden check, score."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import torch

from grader import banned
from grader.catalog import Exercise
from grader.checks import CheckResult, CheckSpec, ExerciseResult, Fail, Outcome, collect, qualified_mistake
from grader.i18n import Text, eul_reul, i_ga
from grader.limits import MAX_CHECK_MESSAGE_CHARS, MAX_SHOWN_OUTPUT, MAX_SOURCE_BYTES, SUBMISSION_BUDGET_S, cut
from grader.proxy import NotAttempted, Problem, Submission, TimedOut
from grader.sandbox import judge as J
from grader.suites import suite_hash


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Workers:
    """Hands checks a live child; starts a fresh one after a timeout or crash.

    Loading counts against the submission's budget: a fresh child may take no
    longer to load than the budget has left, and none is started once it is spent.
    """

    def __init__(self, judge: J.Judge, source: str, filename: str, module: str, deadline: float,
                 budget_s: float = SUBMISSION_BUDGET_S):
        self.judge, self.source, self.filename, self.module = judge, source, filename, module
        self.deadline, self.budget_s = deadline, budget_s
        self.current = judge.open(source, filename, module, timeout=self._left())
        self.hello = self.current.hello

    def _left(self) -> float:
        return min(self.judge.load_timeout, self.deadline - time.monotonic())

    def get(self) -> J.Worker:
        if self.current.dead:
            if self._left() <= 0:
                raise TimedOut(Text("Not run: the submission used up its total time budget "
                                    f"({self.budget_s:g} s, loading the file included).",
                                    "실행하지 않음: 제출물의 전체 시간 예산"
                                    f"({self.budget_s:g}초, 파일 로딩 포함)을 다 썼습니다."))
            self.current = self.judge.open(self.source, self.filename, self.module, timeout=self._left())
        return self.current

    def close(self) -> None:
        self.current.close()


def _load_failure(hello: J.Reply, filename: str) -> tuple[Outcome, Text]:
    name = Path(filename).name
    if hello.status == J.NOT_IMPLEMENTED:
        return Outcome.NOT_ATTEMPTED, Text(f"{name}: not attempted yet.", f"{name}: 아직 작성하지 않았습니다.")
    if hello.status == J.TIMEOUT:
        return Outcome.TIMEOUT, Text(
            f"{name} did not finish loading ({hello.message}): code at the top level of the file runs on "
            "import; keep long loops inside functions.",
            f"{name} 로딩이 끝나지 않았습니다({hello.message}): 파일 최상위 코드는 import할 때 실행됩니다. "
            "긴 반복문은 함수 안에 두세요.")
    if hello.status == J.INTERRUPTED:
        return Outcome.ERROR, Text(
            f"{name} did not finish loading: {hello.message}. This is not a fault in your code: grade again.",
            f"{name} 로딩이 끝나지 않았습니다: 코드를 실행하던 프로세스가 외부에서 멈추거나 끝났습니다"
            f"({hello.message}). 코드의 잘못이 아닙니다. 다시 채점하세요.")
    w = hello.where or {}
    at = f" at line {w['line']}: `{w.get('code', '')}`" if w.get("line") else ""
    at_ko = f" ({w['line']}행: `{w.get('code', '')}`)" if w.get("line") else ""
    return Outcome.ERROR, Text(
        f"{name} could not be loaded: {hello.type or hello.status}: {hello.message}{at}",
        f"{name}{eul_reul(name)} 불러올 수 없습니다: {hello.type or hello.status}: {hello.message}{at_ko}")


TOP_LEVEL_NOTE = Text(
    " It sits at the file's top level, which runs whenever the file is imported; "
    "a self-test belongs under `if __name__ == \"__main__\":`, which grading never runs.",
    " 파일의 최상위에 있어서 파일을 불러올 때마다 실행됩니다. "
    "자체 테스트는 채점이 실행하지 않는 `if __name__ == \"__main__\":` 아래에 두세요.")


def _banned_message(api: str, function: str, how: Text, rule, top_level: bool = False) -> Text:
    base = Text(
        f"`{function}` uses `{api}` ({how.en}), which this exercise asks you to write yourself, "
        "so this check's points are withheld.",
        f"`{function}`{i_ga(function)} `{api}`{eul_reul(api)} 사용합니다({how.ko}). "
        "이 연습문제는 그것을 직접 구현하는 것이 목표이므로 이 검사의 점수는 주지 않습니다.")
    base = base + TOP_LEVEL_NOTE if top_level else base
    return base + Text(" " + rule.why.en, " " + rule.why.ko) if rule.why else base


def _banned_outcome(exercise: Exercise, sub: Submission, findings: list[banned.Finding]) -> Text | None:
    for function, calls in sub.calls.items():
        for f in findings:
            if f.rule.applies_to(function) and f.counts_for(function):
                where = Text(f"line {f.line}", f"{f.line}행") if f.line else Text("in the source", "소스 코드")
                return _banned_message(f.api, function, where, f.rule, f.function == banned.MODULE_LEVEL)
        hits = banned.runtime_hits(function, calls, exercise.banned)
        if hits:
            api, rule = hits[0]
            return _banned_message(api, function, Text("called while it ran", "실행 중 호출"), rule)
    return None


def run_check(spec: CheckSpec, check_id: str, device: str, workers: _Workers, deadline: float,
              exercise: Exercise, findings: list[banned.Finding]) -> CheckResult:
    """Run one check the fast way: call its test function directly (no pytest session)."""
    result = CheckResult(check_id, Outcome.PASSED, spec.points, spec.points, None, device)
    if device == "cuda" and not torch.cuda.is_available():
        result.outcome, result.points = Outcome.SKIPPED, 0
        result.message = NO_CUDA
        return result
    return call_check(spec, Submission(workers.get, spec.timeout, deadline), device, result, exercise, findings)


def call_check(spec: CheckSpec, sub: Submission, device: str, result: CheckResult, exercise: Exercise,
               findings: list[banned.Finding]) -> CheckResult:
    """Call the check's test function with the proxy (and the device) and decide ``result``; the one
    place a check is called, by this runner and by grader.pytest_plugin."""
    start = time.perf_counter()
    error = None
    try:
        if len(spec.devices) > 1:
            spec.fn(sub, device)
        else:
            spec.fn(sub)
    except Exception as e:  # noqa: BLE001 - what it raised is the verdict, read by judge_outcome
        error = e
    judge_outcome(result, error, sub, exercise, findings)
    result.seconds = time.perf_counter() - start
    return result


NO_CUDA = Text("Skipped: no CUDA device here.", "건너뜀: CUDA 장치가 없습니다.")


def judge_outcome(result: CheckResult, error: Exception | None, sub: Submission, exercise: Exercise,
                  findings: list[banned.Finding]) -> CheckResult:
    """What a check that ran came to, from what it raised (None: it returned) and from what the
    learner's code called."""
    if isinstance(error, Fail):
        result.outcome, result.message = Outcome.FAILED, error.message
        result.mistake = qualified_mistake(exercise.id, error.mistake)
    elif isinstance(error, Problem):
        result.outcome, result.message = error.outcome, error.message
    elif isinstance(error, AssertionError):
        result.outcome = Outcome.FAILED
        result.message = Text(f"Check failed: {error}", f"검사 실패: {error}")
    elif error is not None:  # a result the check could not read is a wrong result
        result.outcome = Outcome.FAILED
        result.message = Text(
            f"The result could not be checked ({type(error).__name__}: {error}); "
            "look at the type and shape the prompt asks for.",
            f"결과를 검사할 수 없습니다({type(error).__name__}: {error}); 문제에서 요구한 타입과 모양을 확인하세요.")
    if result.outcome is Outcome.PASSED:
        why = _banned_outcome(exercise, sub, findings)
        if why is not None:
            result.outcome, result.message = Outcome.BANNED, why
    if result.outcome is not Outcome.PASSED:
        result.points = 0
        result.output = _capped("".join(sub.printed))
    if result.message is not None:
        result.message = Text(cut(result.message.en, MAX_CHECK_MESSAGE_CHARS, "…(message truncated)"),
                              cut(result.message.ko, MAX_CHECK_MESSAGE_CHARS, "…(메시지 생략)"))
    return result


def _capped(text: str) -> str:
    return cut(text, MAX_SHOWN_OUTPUT, "\n…(output truncated)")


def too_large(name: str) -> Text:
    """The message for a file over MAX_SOURCE_BYTES."""
    kib = MAX_SOURCE_BYTES // 1024
    return Text(f"{name} is larger than the {kib} KiB a submission may be; it was not read. "
                "Keep only your code in the file.",
                f"{name}{i_ga(name)} 제출 파일 한도({kib} KiB)보다 커서 읽지 않았습니다. 파일에는 코드만 두세요.")


def every_check_as(specs: list[CheckSpec], outcome: Outcome, message: Text) -> list[CheckResult]:
    """One result per check (per device), all with the same outcome: a file that never ran."""
    out = []
    for spec in specs:
        for check_id, device in spec.variants():
            skipped = device == "cuda" and not torch.cuda.is_available()
            out.append(CheckResult(check_id, Outcome.SKIPPED if skipped else outcome, 0, spec.points,
                                   None if skipped else message, device))
    return out


def unreadable(exercise: Exercise, message: Text, device: str = "cpu") -> ExerciseResult:
    """The result for a file that could not even be read."""
    return ExerciseResult(exercise=exercise.id, suite_sha256=suite_hash(exercise), device=device, loaded=False,
                          checks=every_check_as(collect(exercise.hidden_module), Outcome.ERROR, message))


def precheck(exercise: Exercise, source: str, filename: str,
             device: str = "cpu") -> tuple[ExerciseResult | None, list[banned.Finding]]:
    """Read the file once before anything runs: the finished result for a file that never runs (over
    MAX_SOURCE_BYTES, or too deep for the parser) or None, and the banned-API findings of its source.
    Both graders (this runner and grader.pytest_grading) ask first."""
    if len(source) > MAX_SOURCE_BYTES or len(source.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        return unreadable(exercise, too_large(Path(filename).name), device), []
    try:
        return None, banned.scan(source, exercise.banned)
    except banned.Unparsable as e:
        result = ExerciseResult(exercise=exercise.id, submission_sha256=sha256(source.encode("utf-8", "surrogatepass")),
                                suite_sha256=suite_hash(exercise), device=device, loaded=False)
        result.checks = every_check_as(collect(exercise.hidden_module), Outcome.ERROR, Text(
            f"{Path(filename).name} could not be read as Python by the grader ({e}); nothing was run.",
            f"채점기가 {Path(filename).name}{eul_reul(Path(filename).name)} 파이썬 코드로 읽을 수 없습니다({e}). 아무것도 실행하지 않았습니다."))
        return result, []


def open_submission(judge: J.Judge, source: str, filename: str, exercise: Exercise,
                    budget_s: float = SUBMISSION_BUDGET_S) -> tuple[_Workers, float]:
    """A child holding the submission, and the deadline of its budget (loading counts against it)."""
    deadline = time.monotonic() + budget_s
    return _Workers(judge, source, filename, exercise.id, deadline, budget_s), deadline


def grade_source(exercise: Exercise, source: str, filename: str, judge: J.Judge,
                 budget_s: float = SUBMISSION_BUDGET_S) -> ExerciseResult:
    """Grade ``source`` (the text of a learner's file) against the exercise's hidden checks."""
    start = time.perf_counter()
    early, findings = precheck(exercise, source, filename, judge.device)
    if early is not None:
        early.seconds = time.perf_counter() - start
        return early.make_safe()
    specs = collect(exercise.hidden_module)
    result = ExerciseResult(exercise=exercise.id, submission_sha256=sha256(source.encode("utf-8", "surrogatepass")),
                            suite_sha256=suite_hash(exercise), device=judge.device)
    workers, deadline = open_submission(judge, source, filename, exercise, budget_s)
    result.sandbox = workers.current.sandbox
    try:
        if not workers.hello.ok:
            outcome, message = _load_failure(workers.hello, filename)
            result.checks = every_check_as(specs, outcome, message)
            result.loaded = outcome is Outcome.NOT_ATTEMPTED
        else:
            for spec in specs:
                for check_id, device in spec.variants():
                    result.checks.append(run_check(spec, check_id, device, workers, deadline,
                                                   exercise, findings))
    finally:
        workers.close()
    result.seconds = time.perf_counter() - start
    return result.make_safe()


__all__ = ["grade_source", "precheck", "open_submission", "suite_hash", "sha256", "NotAttempted",
           "SUBMISSION_BUDGET_S", "too_large"]
