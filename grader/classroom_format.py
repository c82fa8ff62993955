"""GitHub Classroom's autograding result: what its grading reporter reads from ``<ID>_RESULTS``.

The reporter (``classroom-resources/autograding-grading-reporter``) takes, per runner, a
base64-encoded JSON object ``{"version", "status", "max_score", "tests": [...]}``; each
test has ``name``, ``status`` ("pass" / "fail" / "error"), ``score`` and ``message``, and the
runner's points are the sum of its tests' scores, so every check earns its own points
there (partial credit). See docs/github-classroom.md for the workflow.
"""

from __future__ import annotations

import base64
import json

from grader.checks import ExerciseResult, Outcome

VERSION = 3


def _status(outcome: Outcome) -> str:
    if outcome is Outcome.PASSED:
        return "pass"
    return "error" if outcome in (Outcome.ERROR, Outcome.TIMEOUT) else "fail"


def result(results: list[ExerciseResult], lang: str = "en") -> dict:
    """One runner's result for every exercise graded (skipped checks are left out)."""
    tests = []
    for r in results:
        for c in r.checks:
            if c.outcome is Outcome.SKIPPED:
                continue
            tests.append({"name": f"{r.exercise}: {c.id}", "status": _status(c.outcome), "score": c.points,
                          "max_score": c.max_points, "message": c.message.get(lang) if c.message else "",
                          "line_no": 0, "execution_time": f"{c.seconds:.3f}s"})
    if tests and all(t["status"] == "pass" for t in tests):
        status = "pass"
    elif any(not r.loaded for r in results):
        status = "error"
    else:
        status = "fail"
    return {"version": VERSION, "status": status, "max_score": sum(r.max_score for r in results), "tests": tests}


def encoded(results: list[ExerciseResult], lang: str = "en") -> str:
    """The result as the one base64 line a workflow step writes to ``$GITHUB_OUTPUT``."""
    text = json.dumps(result(results, lang), ensure_ascii=False)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
