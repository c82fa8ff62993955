"""Quizzes: concept questions with per-learner variants, graded and stored like exercises.

The bank is data (``exercises/quizzes/<id>.toml``); this package never names a quiz.

    model        Quiz, Question, Option, Mistake, ParamSpec (frozen) and QuizError
    bank         loading and validating the TOML files; list / get with "did you mean"
    expr         the safe arithmetic evaluator that computes template answers
    variants     per-learner seeds (sha256 of learner and quiz), drawn numbers, shuffled options
    answers      reading one answer (typed or from a file); AnswerProblem for bad ones
    grading      one answer, and a whole quiz into an ExerciseResult + quiz_answers rows
    answer_file  the ``question_id = answer`` TOML files: read, write atomically, back up
    submissions  grading an answers file for a learner; finding them in a class folder
    display      terminal and JSON views; session: the interactive quiz; cli: `learn quiz`
"""

from __future__ import annotations

from grader.quiz.bank import get_quiz, load_quiz, load_quizzes
from grader.quiz.grading import QuizGrade, grade_variant
from grader.quiz.model import Question, Quiz, QuizError
from grader.quiz.submissions import find_answer_files, grade_answers_file, grade_file
from grader.quiz.variants import QuizVariant, make_variant, quiz_seed, variant_for


def list_quizzes() -> tuple[Quiz, ...]:
    """Every quiz of the course, in order."""
    return load_quizzes()


__all__ = ["Question", "Quiz", "QuizError", "QuizGrade", "QuizVariant", "find_answer_files",
           "get_quiz", "grade_answers_file", "grade_file", "grade_variant", "list_quizzes",
           "load_quiz", "load_quizzes", "make_variant", "quiz_seed", "variant_for"]
