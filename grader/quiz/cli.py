"""`learn quiz`: a thin click layer over the quiz library, plus the quiz rows of `learn list` / `progress`.

The command receives grader.cli's Context through ``click.pass_obj``; grader.cli is
imported lazily (for UsageProblem) so that either module can be imported first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import tables
from grader.i18n import Text
from grader.quiz import display
from grader.quiz.answer_file import AnswerSheet
from grader.quiz.bank import get_quiz, load_quizzes
from grader.quiz.grading import QuizGrade, grade_variant
from grader.quiz.model import QuizError
from grader.quiz.session import Session, open_sheet
from grader.quiz.submissions import grade_file
from grader.quiz.variants import variant_for

T = {
    "quizzes": Text("Quizzes (take one with `learn quiz ID`):", "퀴즈 (`learn quiz ID`로 풀기):"),
    "progress_head": Text("quiz                     attempts  best      first passed",
                          "퀴즈                     시도      최고점    처음 통과"),
    "together": Text("--show, --answers and --fresh cannot be used together.",
                     "--show, --answers, --fresh는 함께 쓸 수 없습니다."),
    "json_needs": Text("--json goes with --show or --answers (the interactive quiz prints text).",
                       "--json은 --show나 --answers와 함께 쓰세요(대화형 퀴즈는 글로 출력합니다)."),
    "bad_saved": Text("{problem}\nFix the file, or run `learn quiz {id} --fresh` to start over "
                      "(the file is backed up first).",
                      "{problem}\n파일을 고치거나 `learn quiz {id} --fresh`로 처음부터 시작하세요"
                      "(파일은 먼저 백업됩니다)."),
    "note": Text("note: {note}", "참고: {note}"),
}


def answers_path(workspace, quiz_id: str) -> Path:
    """Where the interactive quiz keeps a learner's answers: ``<workspace>/quizzes/<QUIZ>.toml``."""
    return Path(workspace.root) / "quizzes" / f"{quiz_id}.toml"


def _usage(message: str):
    from grader.cli import UsageProblem
    return UsageProblem(message)


@click.command("quiz")
@click.argument("quiz_id", metavar="[QUIZ]", required=False)
@click.option("--show", is_flag=True, help="Print your variant of the questions; ask nothing, record nothing.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Grade a TOML file of answers (one `question_id = answer` per line) without asking.")
@click.option("--fresh", is_flag=True, help="Start over; your saved answers are backed up first.")
@click.option("--json", "as_json", is_flag=True,
              help="With --show or --answers: JSON with the keys of `learn grade --json`.")
@click.pass_obj
def quiz(c, quiz_id: str | None, show: bool, answers_file: Path | None, fresh: bool, as_json: bool):
    """Take a quiz: your own numbers, graded on the spot with explanations, recorded.

    Answers are saved to <workspace>/quizzes/QUIZ.toml as you go, so Ctrl-C
    loses nothing and the next run continues. Without QUIZ: list the quizzes.

    \b
    Example:
      learn quiz epoch_batch_iteration               # ask in the terminal
      learn quiz epoch_batch_iteration --show        # print your variant
      learn quiz epoch_batch_iteration --answers a.toml --json
    """
    if quiz_id is None:
        echo_quiz_list(c, _summary(c))
        return
    if show + (answers_file is not None) + fresh > 1:
        raise _usage(T["together"].get(c.lang))
    if as_json and not (show or answers_file):
        raise _usage(T["json_needs"].get(c.lang))
    try:
        the_quiz = get_quiz(quiz_id)
    except QuizError as e:
        raise _usage(str(e)) from None
    if show:
        variant = variant_for(the_quiz, c.learner)
        if as_json:
            click.echo(json.dumps(display.variant_json(variant, c.lang), ensure_ascii=False))
        else:
            click.echo("\n".join(display.variant_lines(variant, c.lang)))
        return
    if answers_file is not None:
        try:
            graded, notes = grade_file(the_quiz.id, c.learner, answers_file)
        except QuizError as e:
            raise _usage(str(e)) from None
        for note in notes:
            click.echo(T["note"].get(c.lang).format(note=note.get(c.lang)), err=True)
        _finish(c, graded, as_json)
    _interactive(c, the_quiz, fresh)


def _interactive(c, the_quiz, fresh: bool) -> None:
    variant = variant_for(the_quiz, c.learner)
    path = answers_path(c.workspace, the_quiz.id)
    try:
        sheet = open_sheet(path)
    except QuizError as e:
        if not fresh:
            raise _usage(T["bad_saved"].get(c.lang).format(problem=e, id=the_quiz.id)) from None
        sheet = AnswerSheet()
    session = Session(variant, path, Path(c.workspace.backup_dir) / "quizzes", c.lang)
    try:
        session.load(sheet, fresh, click.confirm)
        session.run(click.prompt)
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo()
        click.echo(session.stopped_message())
        sys.exit(1)
    click.echo()
    _finish(c, grade_variant(variant, session.answers, session.seconds), as_json=False)


def _finish(c, graded: QuizGrade, as_json: bool) -> None:
    """Record the attempt with its answers in one transaction, print it, exit 0 (all right) or 1."""
    c.store().record(c.learner, graded.result, extra=("quiz_answers", graded.rows), source=graded.submission)
    if as_json:
        click.echo(json.dumps(graded.result.to_json(c.lang), ensure_ascii=False))
    else:
        click.echo("\n".join(display.result_lines(graded, c.lang)))
    sys.exit(0 if graded.result.status == "passed" else 1)


def _summary(c) -> dict:
    return c.store().summary(c.learner) if Path(c.db_path).exists() else {}


def echo_quiz_list(c, summary: dict, width: int = 40) -> None:
    """The quiz rows of `learn list`: status and best score, like the exercises'."""
    quizzes = load_quizzes()
    if not quizzes:
        return
    click.echo()
    click.echo(T["quizzes"].get(c.lang))
    for q in quizzes:
        click.echo(tables.list_row(f"Q{q.order}.", q.id, q.title.get(c.lang), width, summary.get(q.id),
                                   answers_path(c.workspace, q.id).exists(), c.t))


def echo_quiz_progress(c, summary: dict) -> None:
    """The quiz rows of `learn progress`: attempts, best score, first passed."""
    quizzes = load_quizzes()
    if not quizzes:
        return
    click.echo()
    click.echo(T["progress_head"].get(c.lang))
    for q in quizzes:
        click.echo(tables.progress_row(q.id, summary.get(q.id)))
