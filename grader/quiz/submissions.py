"""Answers files as submissions: grade one for a learner, find a learner's files in a class folder."""

from __future__ import annotations

import difflib
from pathlib import Path

from grader import paths
from grader.checks import ExerciseResult
from grader.i18n import Text, eul_reul, eun_neun
from grader.quiz.answer_file import AnswerSheet, parse_answers, read_answers, read_bytes
from grader.quiz.bank import get_quiz, load_quizzes
from grader.quiz.grading import QuizGrade, grade_unreadable, grade_variant
from grader.quiz.model import QuizError
from grader.quiz.variants import QuizVariant, variant_for


def sheet_notes(variant: QuizVariant, sheet: AnswerSheet) -> list[Text]:
    """Things worth telling about a file that do not change the score: unknown ids, another learner."""
    notes = []
    ids = [qv.id for qv in variant.questions]
    for key in sheet.answers:
        if key not in ids:
            close = difflib.get_close_matches(key, ids, n=1, cutoff=0.6)
            hint = Text(f" Did you mean {close[0]}?", f" {close[0]}{eul_reul(close[0])} 말한 건가요?") if close else Text("", "")
            notes.append(Text(f"{key!r} is not a question of {variant.quiz.id}; it was ignored.",
                              f"{key!r}{eun_neun(repr(key))} {variant.quiz.id}의 문제가 아니어서 무시했습니다.") + hint)
    quiz = sheet.meta.get("_quiz")
    if isinstance(quiz, str) and quiz != variant.quiz.id:
        notes.append(Text(f"This file says it answers quiz {quiz!r}, but it was graded as {variant.quiz.id}.",
                          f"이 파일은 {quiz!r} 퀴즈의 답이라고 적혀 있지만 {variant.quiz.id}로 채점했습니다."))
    learner = sheet.meta.get("_learner")
    if isinstance(learner, str) and learner != variant.learner:
        notes.append(Text(
            f"This file was written for learner {learner!r}; it was graded against the variant of "
            f"{variant.learner!r}, so numbers and option letters may not match.",
            f"이 파일은 학습자 {learner!r}의 것으로 적혀 있지만 {variant.learner!r}의 문제 변형으로 "
            "채점했으므로 숫자와 보기 글자가 맞지 않을 수 있습니다."))
    return notes


def grade_file(quiz_id: str, learner: str, path: Path) -> tuple[QuizGrade, list[Text]]:
    """Grade an answers file against ``learner``'s own variant, with notes. QuizError if unreadable."""
    variant = variant_for(get_quiz(quiz_id), learner)
    sheet = read_answers(path)
    return grade_variant(variant, sheet.answers), sheet_notes(variant, sheet)


def grade_answers_file(quiz_id: str, learner: str, path: Path) -> tuple[ExerciseResult, list[dict]]:
    """The attempt and its ``quiz_answers`` rows, ready for ``Store.record(learner, result,
    extra=("quiz_answers", rows))``, graded against ``learner``'s own variant.

    A learner's file never stops class grading: a question missing from it scores 0 (not
    attempted), a bad answer 0 (failed), and a file that cannot be read or is not valid TOML
    scores 0 on every question (outcome error, the message gives the line). Only an unknown
    ``quiz_id`` raises QuizError.
    """
    try:
        data = read_bytes(path)
    except QuizError as e:
        return _unreadable(quiz_id, learner, str(e))
    return grade_answers_bytes(quiz_id, learner, data, str(path))


def _unreadable(quiz_id: str, learner: str, problem: str) -> tuple[ExerciseResult, list[dict]]:
    graded = grade_unreadable(variant_for(get_quiz(quiz_id), learner), problem)
    return graded.result, graded.rows


def grade_answers_bytes(quiz_id: str, learner: str, data: bytes, shown: str) -> tuple[ExerciseResult, list[dict]]:
    """As ``grade_answers_file``, for the bytes of a file already read (``shown`` names it)."""
    try:
        sheet = parse_answers(data, shown)
    except QuizError as e:
        return _unreadable(quiz_id, learner, str(e))
    graded = grade_variant(variant_for(get_quiz(quiz_id), learner), sheet.answers)
    return graded.result, graded.rows


def find_answer_files(learner_dir: Path, root: Path = paths.QUIZZES_DIR) -> list[tuple[str, Path]]:
    """(quiz id, path) of every ``<learner_dir>/quizzes/<QUIZ>.toml`` named after a quiz, in quiz order."""
    folder = Path(learner_dir) / "quizzes"
    return [(q.id, folder / f"{q.id}.toml") for q in load_quizzes(root)
            if (folder / f"{q.id}.toml").is_file()]
