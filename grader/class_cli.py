"""`learn class …`: the instructor's commands, a thin click layer over classroom, gradebook and export."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from grader import assignment as assignment_mod
from grader import tables
from grader.i18n import Text

T = {
    "refused": Text("refused: {what}: {why}", "거부: {what}: {why}"),
    "ignored": Text("ignored: {what}", "무시: {what}"),
    "unlisted": Text("not on the roster, not graded: {name}", "명단에 없어 채점하지 않음: {name}"),
    "missing": Text("on the roster, no folder (counts 0): {name}", "명단에 있으나 폴더 없음(0점): {name}"),
    "nothing": Text("Nothing to grade in {dir}: expected <learner>/<exercise>.py or "
                    "<learner>/quizzes/<quiz>.toml files of assigned items.",
                    "{dir}에 채점할 것이 없습니다: 과제로 낸 항목의 <학습자>/<연습문제>.py 또는 "
                    "<학습자>/quizzes/<퀴즈>.toml 파일이 있어야 합니다."),
    "summary": Text("graded {graded}, reused {reused}, failed to load {failed} ({files} file(s) of "
                    "{learners} learner(s)) in {took:.1f} s with {jobs} job(s); results in {db}",
                    "채점 {graded}, 재사용 {reused}, 불러오기 실패 {failed} (학습자 {learners}명의 파일 {files}개), "
                    "{took:.1f}초, 작업 {jobs}개; 결과: {db}"),
    "interrupted": Text("interrupted: {graded} file(s) graded and kept; run the same command again to "
                        "grade the other {left}.",
                        "중단됨: 파일 {graded}개는 채점해 저장했습니다. 같은 명령을 다시 실행하면 나머지 "
                        "{left}개를 채점합니다."),
    "not_submitted": Text("assigned, submitted by nobody (0 for everyone): {items}",
                          "과제로 냈지만 아무도 제출하지 않음(모두 0점): {items}"),
    "late": Text("* late: the file changed after the due time ({due})", "* 늦음: 마감({due}) 뒤에 파일이 바뀜"),
    "init_exists": Text("{path} already exists; it was left as it is.",
                        "{path} 파일이 이미 있어 그대로 두었습니다."),
    "init_done": Text("Wrote {path}: the whole course is assigned. Edit it, then run "
                      "`learn class grade {dir}`.",
                      "{path} 파일을 만들었습니다: 코스 전체가 과제입니다. 수정한 뒤 "
                      "`learn class grade {dir}`를 실행하세요."),
}


def _t(c, key: str, **kw) -> str:
    return T[key].get(c.lang).format(**kw)


def _err(line: str) -> None:
    click.echo(line, err=True)


@click.group("class")
def class_():
    """Instructor commands for a folder of learners' work.

    \b
    Example:
      learn class init ./class-2026          # a commented class.toml to edit
      learn class grade ./class-2026 -j 2    # grade everything new since the last run
    """


def _problem(message: str) -> click.ClickException:
    from grader.cli import UsageProblem
    return UsageProblem(message)


def load_assignment(class_dir: Path):
    try:
        return assignment_mod.load(class_dir)
    except assignment_mod.AssignmentError as e:
        raise _problem(str(e)) from None


def open_store(class_dir: Path, db: Path | None):
    from grader.store import Store, StoreError
    try:
        return Store(db or class_dir / ".learn" / "class.db")
    except StoreError as e:
        raise _problem(str(e)) from None


CLASS_DIR = click.argument("class_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
DB = click.option("--db", "class_db", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Results database (default <CLASS_DIR>/.learn/class.db).")


@class_.command("init")
@CLASS_DIR
@click.option("--title", default=None, help="The class's title (default: the folder's name).")
@click.pass_obj
def class_init(c, class_dir: Path, title: str | None):
    """Write a commented CLASS_DIR/class.toml assigning the whole course; never overwrites one.

    Example: learn class init ./class-2026 --title "Deep learning, spring 2027"
    """
    path = class_dir / assignment_mod.FILE_NAME
    if path.exists() or path.is_symlink():
        raise _problem(_t(c, "init_exists", path=path))
    text = assignment_mod.starter_text(title or class_dir.resolve().name)
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise _problem(f"Cannot write {path}: {e.strerror}.") from None
    click.echo(_t(c, "init_done", path=path, dir=class_dir))


@class_.command("grade")
@CLASS_DIR
@DB
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default=True,
              help="Submissions graded in parallel.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per file graded in this run (reused ones print nothing).")
@click.option("--regrade", is_flag=True, help="Grade every file again, even those graded before unchanged.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr (default: when stderr is a terminal).")
@click.pass_obj
def class_grade(c, class_dir: Path, class_db: Path | None, jobs: int, as_json: bool, regrade: bool,
                progress: bool | None):
    """Grade what is new in CLASS_DIR: <learner>/<exercise>.py and <learner>/quizzes/<quiz>.toml.

    Only files whose content or checks changed since their last grading are graded
    (--regrade: all); the rest are reused from the database. Ctrl-C stops cleanly
    (exit 130) and keeps what was graded; run it again to finish.

    Example: learn class grade ./class-2026 --jobs 2
    """
    from grader import classroom
    from grader.classfolder import discover
    from grader.progress import Progress
    from grader.workers import WorkersFailed
    assigned = load_assignment(class_dir)
    found = discover(class_dir, assigned)
    _report_discovery(c, found)
    if not found.count and not found.missing:
        raise _problem(_t(c, "nothing", dir=class_dir))
    store = open_store(class_dir, class_db)
    plan = classroom.plan(found, store, regrade=regrade)
    bar = Progress(len(plan.todo), lambda s: click.echo(s, err=True, nl=False),
                   enabled=sys.stderr.isatty() if progress is None else progress)
    start, graded, failed, sandboxes, interrupted = time.perf_counter(), 0, 0, set(), False
    try:
        for g in classroom.grade(plan.todo, store, jobs=jobs, hide=classroom.hidden_paths(class_dir, store)):
            graded += 1
            failed += not g.loaded
            sandboxes.add(g.result.sandbox)
            if as_json:
                click.echo(json.dumps({"learner": g.learner, **g.result.to_json(c.lang)}, ensure_ascii=False))
            bar.update(graded)
    except KeyboardInterrupt:
        interrupted = True
    except WorkersFailed as e:
        bar.stop()
        raise _problem(f"{e}. {graded} file(s) were graded and kept; nothing else was changed.") from None
    bar.stop()
    if "rlimits" in sandboxes:
        from grader.cli import T as CLI_T
        _err(CLI_T["weak_sandbox"].get(c.lang))
    if interrupted:
        _err(_t(c, "interrupted", graded=graded, left=len(plan.todo) - graded))
        sys.exit(130)
    if not as_json:
        _print_table(c, store, assigned)
    _err(_t(c, "summary", graded=graded, reused=len(plan.reused), failed=failed, files=found.count,
            learners=len(found.learners), took=time.perf_counter() - start, jobs=jobs, db=store.path))


def _report_discovery(c, found) -> None:
    for r in found.refused:
        _err(_t(c, "refused", what=r.shown, why=r.why))
    for note in found.notes:
        _err(_t(c, "ignored", what=note))
    for name in found.unlisted:
        _err(_t(c, "unlisted", name=name))
    for name in found.missing:
        _err(_t(c, "missing", name=name))


def _print_table(c, store, assigned) -> None:
    from grader import gradebook
    book = gradebook.build(store, assigned)
    for line in tables.class_table(book):
        click.echo(line)
    nobody = [i.id for i in assigned.items if not any(i.id in r.cells for r in book.rows)]
    if nobody:
        _err(_t(c, "not_submitted", items=", ".join(nobody)))
    if any(cell.late for r in book.rows for cell in r.cells.values()):
        click.echo(_t(c, "late", due=assigned.due.isoformat()))


@class_.command("export")
@CLASS_DIR
@DB
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "gradescope"]), required=True,
              help="csv: a row per learner; jsonl: an object per learner × item; gradescope: "
                   "OUT/<learner>/results.json.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write (csv, jsonl; default: standard output) or folder (gradescope; required).")
@click.option("--attempts", is_flag=True, help="jsonl: also one object per attempt.")
@click.pass_obj
def class_export(c, class_dir: Path, class_db: Path | None, fmt: str, out: Path | None, attempts: bool):
    """Export the class's grades, computed from the database and class.toml.

    \b
    Example:
      learn class export ./class-2026 --format csv --out grades.csv
      learn class export ./class-2026 --format gradescope --out gradescope/
    """
    from grader import export, gradebook
    assigned = load_assignment(class_dir)
    db = class_db or class_dir / ".learn" / "class.db"
    if not db.exists():
        raise _problem(f"No results yet in {db}: run `learn class grade {class_dir}` first.")
    store = open_store(class_dir, class_db)
    book = gradebook.build(store, assigned)
    if fmt == "gradescope":
        if out is None:
            raise _problem("--out FOLDER is needed for --format gradescope (one results.json per learner).")
        written = _write(lambda: export.write_gradescope(store, book, out, c.lang), out)
        _err(f"wrote {len(written)} results.json file(s) under {out}")
        return
    text = export.csv_text(book) if fmt == "csv" else export.jsonl_text(store, book, attempts)
    if out is None:
        click.echo(text, nl=False)
    else:
        _write(lambda: out.write_text(text, encoding="utf-8"), out)
        _err(f"wrote {out}")


def _write(action, where: Path):
    try:
        return action()
    except OSError as e:
        raise _problem(f"Cannot write {where}: {e.strerror or e}.") from None


@class_.command("gradescope-autograder")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--class-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Take the assigned items and weights from CLASS_DIR/class.toml (default: the whole course).")
@click.pass_obj
def class_gradescope_autograder(c, out: Path, class_dir: Path | None):
    """Build the zip Gradescope takes as a programming assignment's autograder.

    Its run_autograder grades /autograder/submission/*.py (and quiz .toml files) into
    /autograder/results/results.json, one test per check.

    Example: learn class gradescope-autograder autograder.zip --class-dir ./class-2026
    """
    from grader import gradescope
    toml = None
    if class_dir is not None:
        load_assignment(class_dir)                         # a bad class.toml is refused here, not on Gradescope
        candidate = class_dir / assignment_mod.FILE_NAME
        toml = candidate if candidate.is_file() else None
    names = _write(lambda: gradescope.build_zip(out, toml), out)
    _err(f"wrote {out} ({len(names)} files): upload it as the assignment's autograder")


from reports.cli import class_report  # noqa: E402  (imports nothing from here at load)

class_.add_command(class_report)
