"""How quizzes look in a terminal and in JSON: questions, feedback, results. No input, no files."""

from __future__ import annotations

from grader.checks import Outcome
from grader.i18n import Text
from grader.quiz.answers import HOW
from grader.quiz.grading import QuestionGrade, QuizGrade
from grader.quiz.variants import QuestionVariant, QuizVariant

UI = {
    "header": Text("Quiz {id}: {title} ({n} questions, {points} points)",
                   "퀴즈 {id}: {title} ({n}문제, {points}점)"),
    "variant": Text("Your variant: learner {learner}, seed {seed}.",
                    "나의 문제 변형: 학습자 {learner}, 시드 {seed}."),
    "question": Text("[{i}/{n}] {id} ({points} {pt})", "[{i}/{n}] {id} ({points}점)"),
    "how": Text("Answer with {how}.", "답하는 법: {how}."),
    "file_how": Text("To answer in a file, write one line per question (`question_id = answer`), e.g.\n"
                     "  {example}\nthen run: learn quiz {id} --answers FILE",
                     "파일로 답하려면 문제마다 한 줄씩 (`문제_id = 답`) 쓰세요. 예:\n"
                     "  {example}\n그다음 실행: learn quiz {id} --answers FILE"),
    "passed": Text("passed", "통과"),
    "failed": Text("failed", "미통과"),
    "not_attempted": Text("not attempted", "미응답"),
    "correct": Text("✓ correct ({points}/{max})", "✓ 정답 ({points}/{max})"),
    "wrong": Text("✗ not quite (0/{max})", "✗ 틀렸습니다 (0/{max})"),
}


def t(key: str, lang: str, **kw) -> str:
    return UI[key].get(lang).format(**kw)


def header_lines(variant: QuizVariant, lang: str) -> list[str]:
    quiz = variant.quiz
    return [t("header", lang, id=quiz.id, title=quiz.title.get(lang), n=len(quiz.questions),
              points=quiz.max_score),
            quiz.topic.get(lang),
            t("variant", lang, learner=variant.learner, seed=variant.seed)]


def question_lines(qv: QuestionVariant, i: int, n: int, lang: str) -> list[str]:
    lines = [t("question", lang, i=i, n=n, id=qv.id, points=qv.points, pt="point" if qv.points == 1 else "points")]
    lines += qv.prompt.get(lang).rstrip().splitlines()
    lines += [f"  {o.key}) {o.text.get(lang)}" for o in qv.options]
    lines.append(t("how", lang, how=HOW[qv.kind].get(lang)))
    return lines


def feedback_lines(grade: QuestionGrade, lang: str) -> list[str]:
    head = t("correct", lang, points=grade.points, max=grade.variant.points) if grade.correct \
        else t("wrong", lang, max=grade.variant.points)
    body = grade.variant.explanation if grade.correct else grade.feedback
    return [head] + [f"  {line}" for line in body.get(lang).splitlines()]


def variant_lines(variant: QuizVariant, lang: str) -> list[str]:
    """The learner's variant, every question, ready to answer in a file."""
    lines = header_lines(variant, lang)
    n = len(variant.questions)
    for i, qv in enumerate(variant.questions, 1):
        lines += [""] + question_lines(qv, i, n, lang)
    first = variant.questions[0]
    example = f'{first.id} = {"47" if first.kind == "numeric" else chr(34) + "b" + chr(34)}'
    lines += ["", t("file_how", lang, example=example, id=variant.quiz.id)]
    return lines


def variant_json(variant: QuizVariant, lang: str) -> dict:
    """The variant as data (no answers): the keys of ``learn grade --json`` where they apply."""
    return {
        "exercise": variant.quiz.id, "kind": "quiz", "title": variant.quiz.title.get(lang),
        "learner": variant.learner, "seed": variant.seed, "max_score": variant.quiz.max_score,
        "questions": [{"id": qv.id, "kind": qv.kind, "points": qv.points,
                       "prompt": qv.prompt.get(lang),
                       "options": [{"key": o.key, "text": o.text.get(lang)} for o in qv.options]}
                      for qv in variant.questions],
    }


def result_lines(graded: QuizGrade, lang: str) -> list[str]:
    """The summary after grading: score, then each question with feedback where it was not right."""
    r = graded.result
    lines = [f"{r.exercise}: {r.score}/{r.max_score}  {t(r.status, lang)}"]
    for g in graded.grades:
        mark = {Outcome.PASSED: "✓", Outcome.NOT_ATTEMPTED: "·"}.get(g.outcome, "✗")
        lines.append(f"  {mark} {g.variant.id} ({g.points}/{g.variant.points})")
        if not g.correct:
            lines += [f"      {line}" for line in g.feedback.get(lang).splitlines()]
    return lines
