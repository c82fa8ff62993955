"""The `learn` command: a thin click layer over the library.

Exit status: 0 when everything graded passed, 1 when some check failed,
2 for usage and input errors.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from grader import __version__, catalog, paths, tables
from grader.catalog import CatalogError, Exercise
from grader.i18n import LANGS, Text, column_width, detect_lang
from grader.workspace import Workspace, WorkspaceError

T = {
    "not_started": Text("not started", "시작 전"),
    "in_progress": Text("in progress", "진행 중"),
    "passed": Text("passed", "통과"),
    "failed": Text("failed", "미통과"),
    "not_attempted": Text("not attempted", "미작성"),
    "started": Text("Wrote {path}", "{path} 파일을 만들었습니다"),
    "backup": Text("Your previous file is kept at {path}", "이전 파일은 {path}에 보관했습니다"),
    "next": Text("Edit it, then run `learn grade {id}`. A hint: `learn hint {id}`.",
                 "파일을 수정한 뒤 `learn grade {id}`를 실행하세요. 힌트: `learn hint {id}`."),
    "hint": Text("Hint {n} of {total}:", "힌트 {n}/{total}:"),
    "no_more_hints": Text("That was the last hint. Read the prompt again with `learn show {id}`.",
                          "마지막 힌트였습니다. `learn show {id}`로 문제를 다시 읽어 보세요."),
    "nothing_started": Text("No exercise started yet: run `learn start {first}` (see `learn list`).",
                            "아직 시작한 연습문제가 없습니다: `learn start {first}`를 실행하세요(`learn list` 참고)."),
    "more_hints": Text("Stuck? `learn hint {id}` shows the next hint.",
                       "막혔나요? `learn hint {id}`로 다음 힌트를 보세요."),
    "untouched": Text("Not attempted yet: open {path} and replace each `raise NotImplementedError`.",
                      "아직 작성하지 않았습니다: {path}를 열고 각 `raise NotImplementedError`를 바꾸세요."),
    "output": Text("Your code printed:", "코드가 출력한 내용:"),
    "weak_sandbox": Text(
        "Note: this machine allows neither root nor user namespaces, so the submitted code ran with resource "
        "limits only: it could read or change files of this user. See docs/SANDBOX.md.",
        "참고: 이 컴퓨터는 root 권한도 사용자 네임스페이스도 허용하지 않아서 제출 코드가 자원 제한만 받은 채 "
        "실행되었습니다: 이 사용자의 파일을 읽거나 바꿀 수 있었습니다. docs/SANDBOX.md를 보세요."),
}


class UsageProblem(click.ClickException):
    """An input error a person must fix; exit status 2."""

    exit_code = 2


@dataclass
class Context:
    workspace: Workspace
    db_path: Path
    lang: str
    learner: str

    def t(self, key: str, **kw) -> str:
        return T[key].get(self.lang).format(**kw)

    def store(self):
        from grader.store import Store, StoreError
        try:
            return Store(self.db_path)
        except StoreError as e:
            raise UsageProblem(str(e)) from e

    def exercise(self, name: str) -> Exercise:
        """The exercise called ``name``; also understood: its file name (``softmax.py``) or
        another case (``Softmax``), when that can only mean the workspace's own file."""
        try:
            return catalog.get(name)
        except CatalogError as e:
            problem = UsageProblem(str(e))
        path = Path(name)
        try:
            ex = catalog.get((path.stem if path.suffix == ".py" else name).lower())
        except CatalogError:
            raise problem from None
        mine = self.workspace.file_for(ex)
        if path.suffix == ".py" and path.exists() and path.resolve() != mine.resolve():
            raise UsageProblem(
                f"learn works on {mine}, not on {name}. Copy your file there, or point --workspace at "
                f"{path.resolve().parent}.")
        return ex


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="learn")
@click.option("--workspace", type=click.Path(file_okay=False, path_type=Path), envvar="LEARN_WORKSPACE",
              default="workspace", show_default=True, help="Folder with your exercise files (env LEARN_WORKSPACE).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="LEARN_DB",
              default=None, help="Progress database (env LEARN_DB; default <workspace>/.learn/progress.db).")
@click.option("--lang", type=click.Choice(LANGS), envvar="LEARN_LANG", default=None,
              help="Language of prompts and feedback (env LEARN_LANG; default from the locale, else en).")
@click.option("--learner", envvar="LEARN_LEARNER", default=None,
              help="Whose progress this is (env LEARN_LEARNER; default your user name).")
@click.pass_context
def main(ctx: click.Context, workspace: Path, db_path: Path | None, lang: str | None, learner: str | None):
    """learn: deep-learning fundamentals with PyTorch, graded offline.

    \b
    Example:
      learn start softmax     # write the stub to workspace/softmax.py
      learn grade softmax     # grade it, with feedback
    """
    ctx.obj = Context(Workspace(workspace), db_path or workspace / ".learn" / "progress.db",
                      lang or detect_lang(), learner or _default_learner())


def _default_learner() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


@main.command("list")
@pass_ctx
def list_(c: Context):
    """Every exercise in course order, with status and best score.

    Example: learn list
    """
    from grader.quiz import list_quizzes
    summary = c.store().summary(c.learner) if c.db_path.exists() else {}
    exercises = catalog.load_catalog()
    width = column_width([x.title.get(c.lang) for x in [*exercises, *list_quizzes()]], 20)
    for ex in exercises:
        click.echo(tables.list_row(f"{ex.order:>3}.", ex.id, ex.title.get(c.lang), width, summary.get(ex.id),
                                   c.workspace.started(ex), c.t))
    from grader.quiz.cli import echo_quiz_list
    echo_quiz_list(c, summary, width)


@main.command()
@click.argument("exercise")
@click.option("--force", is_flag=True, help="Replace an existing file (it is backed up first).")
@pass_ctx
def start(c: Context, exercise: str, force: bool):
    """Write an exercise's stub to your workspace and print its prompt.

    Never overwrites your file unless --force, which keeps a backup.
    Example: learn start softmax
    """
    ex = c.exercise(exercise)
    try:
        path, backup = c.workspace.start(ex, force=force)
    except WorkspaceError as e:
        raise UsageProblem(str(e)) from None
    click.echo(ex.prompt.get(c.lang).rstrip())
    click.echo()
    if backup:
        click.echo(c.t("backup", path=backup))
    click.echo(c.t("started", path=path))
    click.echo(c.t("next", id=ex.id))


@main.command()
@click.argument("exercise")
@click.option("--yes", is_flag=True, help="Do not ask before replacing the file.")
@pass_ctx
def reset(c: Context, exercise: str, yes: bool):
    """Put a fresh stub in place; your current file is kept as a backup.

    Example: learn reset softmax
    """
    ex = c.exercise(exercise)
    if c.workspace.started(ex) and not yes and sys.stdin.isatty():
        click.confirm(f"Replace {c.workspace.file_for(ex)} (a backup is kept)?", abort=True)
    path, backup = c.workspace.start(ex, force=True)
    if backup:
        click.echo(c.t("backup", path=backup))
    click.echo(c.t("started", path=path))


@main.command()
@click.argument("exercise")
@pass_ctx
def show(c: Context, exercise: str):
    """Print an exercise's prompt.

    Example: learn show softmax
    """
    click.echo(c.exercise(exercise).prompt.get(c.lang).rstrip())


@main.command()
@click.argument("exercise")
@pass_ctx
def hint(c: Context, exercise: str):
    """Show the next hint for an exercise, one at a time.

    Example: learn hint softmax
    """
    ex = c.exercise(exercise)
    store = c.store()
    shown = store.hints_shown(c.learner, ex.id)
    if shown >= len(ex.hints):
        click.echo(c.t("no_more_hints", id=ex.id))
        return
    click.echo(c.t("hint", n=shown + 1, total=len(ex.hints)))
    click.echo(ex.hints[shown].get(c.lang))
    store.set_hints_shown(c.learner, ex.id, shown + 1)


def _warm_judge(c: Context, many: bool = False):
    """Import torch and fork the warm sandbox parent before any torch operation runs."""
    import gc

    import numpy  # noqa: F401
    import torch
    if not gc.get_freeze_count():   # torch's objects stay: later collections (pytest's import, a grade,
        gc.freeze()                 # the one at exit) skip them, ~0.1 s each with torch loaded

    from grader.sandbox import Judge, prefork
    prefork()
    torch.set_num_threads(1)   # the judge's own tensors are tiny: one thread is faster and steadier
    hide = [*paths.secret_dirs(), c.workspace.root.resolve(), c.db_path.resolve().parent]
    return Judge(hide=[str(p) for p in hide], warm=many)


MAX_OUTPUT_LINES = 12


def _print_result(c: Context, result) -> None:
    from grader.checks import Outcome
    status = c.t(result.status)
    click.echo(f"{result.exercise}: {result.score}/{result.max_score}  {status}  ({result.seconds:.2f} s)")
    if result.status == "not_attempted":
        click.echo("  " + c.t("untouched", path=c.workspace.file_for_id(result.exercise)))
        return
    # checks that failed with the very same message (a file that did not load, a banned call) are shown once
    groups: dict[tuple, list] = {}
    for ck in result.checks:
        if ck.outcome not in (Outcome.PASSED, Outcome.SKIPPED):
            message = ck.message.get(c.lang) if ck.message else ""
            groups.setdefault((ck.outcome, message, ck.output), []).append(ck)
    for (outcome, message, _), checks in groups.items():
        mark = "·" if outcome is Outcome.NOT_ATTEMPTED else "✗"
        ids = ", ".join(ck.id for ck in checks[:4]) + (f" (+{len(checks) - 4})" if len(checks) > 4 else "")
        click.echo(f"  {mark} {ids} [{outcome.value}, 0/{sum(ck.max_points for ck in checks)}]")
        for line in message.splitlines():
            click.echo(f"      {line}")
        printed = checks[0].output.rstrip("\n")
        if printed:
            click.echo(f"      {c.t('output')}")
            lines = printed.splitlines()
            for line in lines[:MAX_OUTPUT_LINES]:
                click.echo(f"      | {line}")
            if len(lines) > MAX_OUTPUT_LINES:
                click.echo(f"      | …(+{len(lines) - MAX_OUTPUT_LINES})")
    if result.status == "failed":
        click.echo("  " + c.t("more_hints", id=result.exercise))


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per exercise, one per line "
              "(the same as --format json).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "classroom"]), default="text",
              show_default=True, help="classroom: one base64 line in GitHub Classroom's autograding "
              "format, for its grading reporter (docs/github-classroom.md).")
@pass_ctx
def grade(c: Context, exercises: tuple[str, ...], as_json: bool, fmt: str):
    """Grade exercises (default: every one you started) and record the attempt.

    Example: learn grade softmax
    """
    fmt = "json" if as_json else fmt
    chosen = [c.exercise(name) for name in exercises] or \
        [ex for ex in catalog.load_catalog() if c.workspace.started(ex)]
    if not chosen:
        raise UsageProblem(c.t("nothing_started", first=catalog.load_catalog()[0].id))
    sources = {}
    for ex in chosen:
        try:
            sources[ex.id] = c.workspace.read(ex)
        except WorkspaceError as e:
            raise UsageProblem(str(e)) from None
    judge = _warm_judge(c, many=len(chosen) > 1)
    from grader.pytest_grading import grade_source
    store = c.store()
    all_passed, sandboxes, results = True, set(), []
    for ex in chosen:
        path = c.workspace.file_for(ex)
        result = grade_source(ex, sources[ex.id], str(path.resolve()), judge)
        store.record(c.learner, result, source=sources[ex.id], submitted_at=_changed_at(path),
                     hints_used=store.hints_shown(c.learner, ex.id))
        all_passed &= result.status == "passed"
        sandboxes.add(result.sandbox)
        results.append(result)
        if fmt == "json":
            click.echo(json.dumps(result.to_json(c.lang), ensure_ascii=False))
        elif fmt == "text":
            _print_result(c, result)
    judge.close()
    if fmt == "classroom":
        from grader.classroom_format import encoded
        click.echo(encoded(results, c.lang))
    if "rlimits" in sandboxes:
        click.echo(c.t("weak_sandbox"), err=True)
    sys.exit(0 if all_passed else 1)


def _changed_at(path: Path) -> str | None:
    import datetime as dt
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
    except OSError:
        return None


@main.command()
@pass_ctx
def progress(c: Context):
    """Per exercise: attempts, best score, and when you first passed.

    Example: learn progress
    """
    summary = c.store().summary(c.learner) if c.db_path.exists() else {}
    head = Text("exercise                 attempts  best      first passed",
                "연습문제                 시도      최고점    처음 통과").get(c.lang)
    click.echo(head)
    for ex in catalog.load_catalog():
        click.echo(tables.progress_row(ex.id, summary.get(ex.id)))
    from grader.quiz.cli import echo_quiz_progress
    echo_quiz_progress(c, summary)


@main.command()
@click.argument("exercises", nargs=-1)
@pass_ctx
def verify(c: Context, exercises: tuple[str, ...]):
    """The course checks itself: solutions 100%, stubs 0, wrong answers lose points.

    Example: learn verify softmax
    """
    chosen = [c.exercise(name) for name in exercises] or list(catalog.load_catalog())
    judge = _warm_judge(c, many=True)
    from grader.verify import verify_exercise
    failures = named = 0
    kinds: Counter = Counter()
    for problem in [*catalog.catalog_errors(), *_quiz_bank_problems()]:
        failures += 1
        click.echo(f"FAIL {problem}")
    for ex in chosen:
        for f in verify_exercise(ex, judge):
            failures += not f.ok
            kinds[f.kind] += 1
            named += f.kind == "wrong" and bool(f.mistakes)
            click.echo(f"{'ok  ' if f.ok else 'FAIL'} {f.exercise:<20} {f.subject:<32} {f.detail}")
    judge.close()
    click.echo(f"{len(chosen)} exercise(s): {kinds['solution']} solution(s), {kinds['stub']} stub(s), "
               f"{kinds['right']} other right answer(s), {kinds['nonanswer']} non-answer(s), "
               f"{kinds['wrong']} wrong answer(s), "
               f"{named} of them diagnosed with a named mistake")
    click.echo(f"{'all good' if not failures else f'{failures} problem(s)'}")
    sys.exit(1 if failures else 0)


def _quiz_bank_problems() -> list[str]:
    """Every quiz file built for several seeds: a template that breaks for some learner is a problem."""
    from grader.quiz import QuizError
    from grader.quiz.bank import load_quiz
    problems = []
    for path in sorted(paths.QUIZZES_DIR.glob("*.toml")):
        try:
            load_quiz(path, check_variants=True)
        except QuizError as e:
            problems.append(str(e))
    return problems


from grader.quiz.cli import quiz as _quiz_command  # noqa: E402  (imports nothing from here at load)

from grader.class_cli import class_ as _class_command  # noqa: E402

from reports.cli import report as _report_command  # noqa: E402

main.add_command(_quiz_command)
main.add_command(_class_command)
main.add_command(_report_command)

if __name__ == "__main__":  # pragma: no cover
    main()
