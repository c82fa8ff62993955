"""Grade one submission of one exercise: load it in a child, run every hidden check, score."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import torch

from grader import banned
from grader.catalog import Exercise
from grader.checks import CheckResult, CheckSpec, ExerciseResult, Fail, Outcome, collect, qualified_mistake
from grader.i18n import Text
from grader.proxy import NotAttempted, Problem, Submission
from grader.sandbox import judge as J
from grader.limits import SUBMISSION_BUDGET_S
from grader.suites import suite_hash



def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Workers:
    """Hands checks a live child; starts a fresh one after a timeout or crash."""

    def __init__(self, judge: J.Judge, source: str, filename: str, module: str):
        self.judge, self.source, self.filename, self.module = judge, source, filename, module
        self.current = judge.open(source, filename, module)
        self.hello = self.current.hello

    def get(self) -> J.Worker:
        if self.current.dead:
            self.current = self.judge.open(self.source, self.filename, self.module)
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
    w = hello.where or {}
    at = f" at line {w['line']}: `{w.get('code', '')}`" if w.get("line") else ""
    at_ko = f" ({w['line']}행: `{w.get('code', '')}`)" if w.get("line") else ""
    return Outcome.ERROR, Text(
        f"{name} could not be loaded: {hello.type or hello.status}: {hello.message}{at}",
        f"{name}을(를) 불러올 수 없습니다: {hello.type or hello.status}: {hello.message}{at_ko}")


def _banned_message(api: str, function: str, how: Text, rule) -> Text:
    base = Text(
        f"`{function}` uses `{api}` ({how.en}), which this exercise asks you to write yourself, "
        "so this check's points are withheld.",
        f"`{function}`이(가) `{api}`을(를) 사용합니다({how.ko}). "
        "이 연습문제는 그것을 직접 구현하는 것이 목표이므로 이 검사의 점수는 주지 않습니다.")
    return base + Text(" " + rule.why.en, " " + rule.why.ko) if rule.why else base


def _banned_outcome(exercise: Exercise, sub: Submission, findings: list[banned.Finding]) -> Text | None:
    for function, calls in sub.calls.items():
        for f in findings:
            if f.rule.applies_to(function) and f.function in (function, banned.MODULE_LEVEL):
                where = Text(f"line {f.line}", f"{f.line}행") if f.line else Text("in the source", "소스 코드")
                return _banned_message(f.api, function, where, f.rule)
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
    return result


MAX_SHOWN_OUTPUT = 1500


def _capped(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_OUTPUT else text[:MAX_SHOWN_OUTPUT] + "\n…(output truncated)"


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


def grade_source(exercise: Exercise, source: str, filename: str, judge: J.Judge,
                 budget_s: float = SUBMISSION_BUDGET_S) -> ExerciseResult:
    """Grade ``source`` (the text of a learner's file) against the exercise's hidden checks."""
    start = time.perf_counter()
    specs = collect(exercise.hidden_module)
    result = ExerciseResult(exercise=exercise.id, submission_sha256=sha256(source.encode("utf-8")),
                            suite_sha256=suite_hash(exercise), device=judge.device)
    findings = banned.scan(source, exercise.banned)
    workers = _Workers(judge, source, filename, exercise.id)
    result.sandbox = workers.current.sandbox
    deadline = time.monotonic() + budget_s
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


__all__ = ["grade_source", "suite_hash", "sha256", "NotAttempted"]
