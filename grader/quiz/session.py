"""The interactive quiz: ask in the terminal, grade each answer on the spot, save as you go.

Every valid answer is written to the answers file before its feedback is
shown, so Ctrl-C (or a closed terminal) at any moment loses nothing already
answered; the next ``learn quiz QUIZ`` offers to continue from that file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import click

from grader.i18n import Text
from grader.quiz import display
from grader.quiz.answer_file import AnswerSheet, backup, read_answers, render_answers, write_atomic
from grader.quiz.answers import AnswerProblem, parse_answer
from grader.quiz.grading import QuestionGrade, grade_question
from grader.quiz.model import QuizError
from grader.quiz.variants import QuizVariant

UI = {
    "prompt": Text("Your answer", "답"),
    "saved_already": Text("[{i}/{n}] {id}: answered before: {answer}",
                          "[{i}/{n}] {id}: 이미 답함: {answer}"),
    "resume": Text("You answered {k} of {n} questions before (saved in {path}). Continue where you left off?",
                   "전에 {n}문제 중 {k}문제에 답했습니다({path}에 저장됨). 이어서 풀까요?"),
    "again": Text("You have answered every question before (saved in {path}). Take the quiz again? "
                  "(No grades the saved answers.)",
                  "이미 모든 문제에 답했습니다({path}에 저장됨). 처음부터 다시 풀까요? "
                  "(아니요를 고르면 저장된 답을 채점합니다.)"),
    "other_learner": Text("{path} holds answers for learner {other!r}, whose variant differs from yours; "
                          "starting fresh.",
                          "{path}에는 다른 학습자({other!r})의 답이 있고 문제 변형이 다르므로 처음부터 시작합니다."),
    "backed_up": Text("Your previous answers are kept at {path}.", "이전 답은 {path}에 보관했습니다."),
    "saving": Text("Each answer is saved to {path} as you go: Ctrl-C stops, `learn quiz {id}` continues.",
                   "답은 입력할 때마다 {path}에 저장됩니다. "
                   "Ctrl-C로 멈추고 `learn quiz {id}`로 이어서 풀 수 있습니다."),
    "stopped": Text("Stopped. {k} of {n} answers are saved in {path}; run `learn quiz {id}` to continue.",
                    "멈췄습니다. {n}문제 중 {k}문제의 답이 {path}에 저장되어 있습니다. "
                    "`learn quiz {id}`로 이어서 푸세요."),
}


def t(key: str, lang: str, **kw) -> str:
    return UI[key].get(lang).format(**kw)


class Session:
    """One learner taking one quiz interactively, with the answers file as its memory."""

    def __init__(self, variant: QuizVariant, path: Path, backup_dir: Path, lang: str,
                 echo: Callable[[str], None] = click.echo):
        self.variant, self.path, self.backup_dir, self.lang, self.echo = variant, path, backup_dir, lang, echo
        self.answers: dict[str, object] = {}       # question id -> value as saved in the file
        self.seconds: dict[str, float] = {}
        self._on_disk: dict[str, object] | None = None   # what the file held, if it was ours unchanged
        self._keep_first = False                          # back the file up before the first write

    # -- before asking -------------------------------------------------------------------------
    def load(self, sheet: AnswerSheet | None, fresh: bool, confirm: Callable[..., bool]) -> None:
        """Decide what to keep from an existing answers file (asks with ``confirm``)."""
        if sheet is None:
            return
        valid = self._valid(sheet.answers)
        other = sheet.meta.get("_learner")
        if isinstance(other, str) and other != self.variant.learner and valid:
            self.echo(t("other_learner", self.lang, path=self.path, other=other))
            fresh = True
        elif not fresh and valid:
            n = len(self.variant.questions)
            key = "again" if len(valid) == n else "resume"
            wanted = confirm(t(key, self.lang, k=len(valid), n=n, path=self.path), default=key == "resume")
            fresh = wanted if key == "again" else not wanted
        if fresh:
            self.echo(t("backed_up", self.lang, path=backup(self.path, self.backup_dir)))
            return
        self.answers = valid
        try:
            text = render_answers(self.variant.quiz.id, self.variant.learner, sheet.answers)
        except (TypeError, ValueError):
            text = None
        self._on_disk = sheet.answers if text is not None and self._read_text() == text else None
        self._keep_first = self._on_disk is None

    def _valid(self, raw: dict[str, object]) -> dict[str, object]:
        kept = {}
        for qv in self.variant.questions:
            if qv.id in raw:
                try:
                    parse_answer(qv, raw[qv.id])
                except AnswerProblem:
                    continue
                kept[qv.id] = raw[qv.id]
        return kept

    def _read_text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    # -- asking -------------------------------------------------------------------------------
    def save(self, qid: str, value: object) -> None:
        """Write the answers file with ``qid`` answered; keep a backup if that would lose anything."""
        self.answers[qid] = value
        ordered = {qv.id: self.answers[qv.id] for qv in self.variant.questions if qv.id in self.answers}
        if self.path.exists():
            loses = self._keep_first or (self._on_disk is not None and any(
                ordered.get(k) != v for k, v in self._on_disk.items()))
            if loses:
                self.echo(t("backed_up", self.lang, path=backup(self.path, self.backup_dir)))
        write_atomic(self.path, render_answers(self.variant.quiz.id, self.variant.learner, ordered))
        self._on_disk, self._keep_first = ordered, False

    def ask(self, index: int, prompt: Callable[..., str]) -> QuestionGrade:
        """Ask question ``index`` until the answer can be read; save it; show the feedback."""
        qv = self.variant.questions[index]
        for line in display.question_lines(qv, index + 1, len(self.variant.questions), self.lang):
            self.echo(line)
        started = time.perf_counter()
        while True:
            raw = prompt(t("prompt", self.lang))
            try:
                answer = parse_answer(qv, raw)
            except AnswerProblem as e:
                self.echo("  " + e.message.get(self.lang))
                continue
            break
        self.seconds[qv.id] = time.perf_counter() - started
        self.save(qv.id, answer.saved)
        grade = grade_question(qv, answer.saved, seconds=self.seconds[qv.id])
        for line in display.feedback_lines(grade, self.lang):
            self.echo(line)
        return grade

    def run(self, prompt: Callable[..., str] = click.prompt) -> None:
        """Ask every question not answered yet. Ctrl-C / end of input propagate (click.Abort)."""
        n = len(self.variant.questions)
        for line in display.header_lines(self.variant, self.lang):
            self.echo(line)
        self.echo(t("saving", self.lang, path=self.path, id=self.variant.quiz.id))
        for i, qv in enumerate(self.variant.questions):
            self.echo("")
            if qv.id in self.answers:
                shown = parse_answer(qv, self.answers[qv.id]).text
                self.echo(t("saved_already", self.lang, i=i + 1, n=n, id=qv.id, answer=shown))
                continue
            self.ask(i, prompt)

    def stopped_message(self) -> str:
        """What is safe on disk after an interruption (counted from the file itself)."""
        k = len(self.answers)
        try:
            k = len(self._valid(read_answers(self.path).answers))
        except QuizError:
            pass
        return t("stopped", self.lang, k=k, n=len(self.variant.questions),
                 path=self.path, id=self.variant.quiz.id)


def open_sheet(path: Path) -> AnswerSheet | None:
    """The answers file if there is one (QuizError if it exists but cannot be read)."""
    return read_answers(path) if path.exists() else None
