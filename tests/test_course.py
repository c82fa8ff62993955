"""The course checks itself, exercise by exercise (the same as `learn verify`)."""

import pytest

from grader import catalog
from grader.verify import verify_exercise

EXERCISES = catalog.load_catalog()


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_stub_and_wrong_answers(exercise, judge):
    findings = verify_exercise(exercise, judge)
    problems = [f"{f.subject}: {f.detail}" for f in findings if not f.ok]
    assert not problems, "\n".join(problems)
    subjects = {f.subject for f in findings}
    assert {"solution", "stub"} <= subjects
    assert len(subjects) >= 4, "every exercise needs at least two wrong-answer fixtures"
