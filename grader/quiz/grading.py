"""Grading: one answer against one learner's variant, and a whole quiz into an ExerciseResult."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Mapping

from grader.checks import CheckResult, ExerciseResult, Outcome
from grader.i18n import Text
from grader.quiz.answers import Answer, AnswerProblem, normalize_short, parse_answer
from grader.quiz.variants import QuestionVariant, QuizVariant, within_tolerance


@dataclass(frozen=True)
class QuestionGrade:
    variant: QuestionVariant
    answer: Answer | None      # None: missing or unreadable
    outcome: Outcome           # PASSED, FAILED, NOT_ATTEMPTED (no answer), ERROR (file unreadable)
    feedback: Text
    seconds: float = 0.0

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.PASSED

    @property
    def points(self) -> int:
        return self.variant.points if self.correct else 0

    def check(self) -> CheckResult:
        return CheckResult(id=self.variant.id, outcome=self.outcome, points=self.points,
                           max_points=self.variant.points, message=self.feedback, seconds=self.seconds)

    def row(self, seed: int) -> dict:
        """One row of the ``quiz_answers`` table (the store adds ``attempt_id``).

        ``choice``: the authored ids of the options chosen (letters are shuffled per learner, ids
        are not), comma-separated; ``mistake``: the named misconception behind a wrong answer
        (the ids of wrong options chosen that carry a ``why``, or ``mistake<i>`` for the i-th
        typical numeric mistake), so reports can count them across learners."""
        return {"question_id": self.variant.id, "answer": self.answer.text if self.answer else None,
                "correct": int(self.correct), "points": self.points,
                "max_points": self.variant.points, "seed": seed,
                "choice": chosen_ids(self.variant, self.answer), "mistake": self.mistake}

    @property
    def mistake(self) -> str | None:
        if self.answer is None or self.correct:
            return None
        qv = self.variant
        if qv.kind == "numeric":
            found = [f"mistake{m.index}" for m in qv.mistakes
                     if within_tolerance(qv.question, self.answer.value, m.value)]
        elif qv.kind in ("single", "multiple"):
            picked = {self.answer.value} if qv.kind == "single" else set(self.answer.value) - set(qv.expected)
            found = [o.option.id for o in qv.options if o.key in picked and o.why]
        else:
            found = []
        return ",".join(found) or None


def chosen_ids(qv: QuestionVariant, answer: Answer | None) -> str | None:
    """The option ids behind the letters a learner chose, in authored order; None for other kinds."""
    if answer is None or qv.kind not in ("single", "multiple"):
        return None
    picked = {answer.value} if qv.kind == "single" else set(answer.value)
    return ",".join(o.option.id for o in sorted(qv.options, key=lambda o: qv.question.options.index(o.option))
                    if o.key in picked)


def is_correct(qv: QuestionVariant, answer: Answer) -> bool:
    q = qv.question
    if qv.kind == "numeric":
        return within_tolerance(q, answer.value, qv.expected)
    if qv.kind == "short":
        return answer.value in {normalize_short(a, q.ignore) for a in qv.expected}
    return answer.value == qv.expected


def misconceptions(qv: QuestionVariant, answer: Answer) -> list[Text]:
    """What a wrong answer suggests the learner thought: the ``why`` of each mistake whose value the
    answer matches (numeric), or of each wrong option chosen (single, multiple)."""
    if qv.kind == "numeric":
        found = [m.why for m in qv.mistakes if within_tolerance(qv.question, answer.value, m.value)]
        return list(dict.fromkeys(found))
    if qv.kind == "single":
        return [o.why for o in qv.options if o.key == answer.value and o.why]
    if qv.kind == "multiple":
        return [Text(f"{o.key}) ", f"{o.key}) ") + o.why for o in qv.options
                if o.key in answer.value - qv.expected and o.why]
    return []


def _why_wrong(qv: QuestionVariant, answer: Answer) -> Text:
    said = Text(f"Your answer: {answer.text}. The answer: {qv.expected_text()}.",
                f"입력한 답: {answer.text}. 정답: {qv.expected_text()}.")
    if qv.kind == "multiple":
        missed = ", ".join(sorted(qv.expected - answer.value))
        extra = ", ".join(sorted(answer.value - qv.expected))
        if missed:
            said += Text(f" Also right: {missed}.", f" 빠뜨린 정답: {missed}.")
        if extra:
            said += Text(f" Not right: {extra}.", f" 틀린 선택: {extra}.")
    return Text.join([said, *misconceptions(qv, answer)])


def grade_question(qv: QuestionVariant, raw: object, *, present: bool = True,
                   seconds: float = 0.0) -> QuestionGrade:
    """Grade one raw answer (typed text or a TOML value). Never raises for a bad answer."""
    if not present:
        missing = Text(f"No answer. Add a line `{qv.id} = ...` to your answers file, "
                       f"or answer it with `learn quiz`.",
                       f"답이 없습니다. 답안 파일에 `{qv.id} = ...` 줄을 넣거나 `learn quiz`로 답하세요.")
        return QuestionGrade(qv, None, Outcome.NOT_ATTEMPTED, missing, seconds)
    try:
        answer = parse_answer(qv, raw)
    except AnswerProblem as e:
        shown = Text(f" The answer: {qv.expected_text()}.", f" 정답: {qv.expected_text()}.")
        return QuestionGrade(qv, None, Outcome.FAILED,
                             Text.join([e.message + shown, qv.explanation]), seconds)
    if is_correct(qv, answer):
        return QuestionGrade(qv, answer, Outcome.PASSED,
                             Text.join([Text("Correct.", "정답입니다."), qv.explanation]), seconds)
    return QuestionGrade(qv, answer, Outcome.FAILED, Text.join([_why_wrong(qv, answer), qv.explanation]),
                         seconds)


@dataclass
class QuizGrade:
    """A graded attempt: the result to record, its ``quiz_answers`` rows, and each question's grade."""

    result: ExerciseResult
    rows: list[dict]
    grades: list[QuestionGrade]
    answers: Mapping[str, object] = field(default_factory=dict)   # as given, for the questions of the quiz

    @property
    def submission(self) -> str:
        """The answers graded, as canonical JSON (its sha256 is ``result.submission_sha256``)."""
        return answers_text(self.answers)


def answers_text(answers: Mapping[str, object]) -> str:
    """The answers as canonical JSON: what is stored as the submission of a quiz answered in the terminal."""
    return json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)


def answers_sha256(answers: Mapping[str, object]) -> str:
    return hashlib.sha256(answers_text(answers).encode("utf-8", "surrogatepass")).hexdigest()


def grade_variant(variant: QuizVariant, answers: Mapping[str, object],
                  seconds: Mapping[str, float] | None = None) -> QuizGrade:
    """Grade every question of ``variant``; a question missing from ``answers`` is not attempted."""
    started = time.perf_counter()
    seconds = seconds or {}
    grades = [grade_question(qv, answers.get(qv.id), present=qv.id in answers,
                             seconds=seconds.get(qv.id, 0.0)) for qv in variant.questions]
    known = {qv.id: answers[qv.id] for qv in variant.questions if qv.id in answers}
    spent = sum(seconds.values()) + time.perf_counter() - started
    result = ExerciseResult(exercise=variant.quiz.id, checks=[g.check() for g in grades],
                            seconds=spent, submission_sha256=answers_sha256(known),
                            suite_sha256=variant.quiz.sha256, kind="quiz")
    return QuizGrade(result, [g.row(variant.seed) for g in grades], grades, known)


def grade_unreadable(variant: QuizVariant, problem: str) -> QuizGrade:
    """An answers file that cannot be read at all: every question 0 points (outcome error), with why."""
    why = Text(f"Your answers file could not be read, so no answer was graded: {problem}",
               f"답안 파일을 읽을 수 없어서 아무 답도 채점하지 못했습니다: {problem}")
    grades = [QuestionGrade(qv, None, Outcome.ERROR, why) for qv in variant.questions]
    result = ExerciseResult(exercise=variant.quiz.id, checks=[g.check() for g in grades],
                            suite_sha256=variant.quiz.sha256, kind="quiz", loaded=False)
    return QuizGrade(result, [g.row(variant.seed) for g in grades], grades)
