"""`learn class report` and `learn report`: thin click commands over ``reports.render``.

Both receive grader.cli's Context through ``click.pass_obj``. grader.cli and
grader.class_cli register these commands at their end, so they are imported here
only inside the commands: either side can be imported first.
"""

from __future__ import annotations

from pathlib import Path

import click

from grader.i18n import LANGS, Text

T = {
    "no_class_db": Text("No results database at {db}: run `learn class grade {dir}` first.",
                        "{db}에 결과 데이터베이스가 없습니다: 먼저 `learn class grade {dir}`를 실행하세요."),
    "no_progress": Text("No progress recorded yet in {db}: start an exercise with `learn start softmax`, "
                        "then `learn grade softmax`.",
                        "{db}에 아직 기록된 진행 상황이 없습니다: `learn start softmax`로 연습문제를 시작하고 "
                        "`learn grade softmax`로 채점하세요."),
    "cannot_write": Text("Cannot write the report: {why}.", "보고서를 쓸 수 없습니다: {why}."),
}

LANG = click.option("--lang", "lang", type=click.Choice(LANGS), default=None,
                    help="Language of the pages (default: learn's --lang, LEARN_LANG or the locale).")


def _problem(message: str) -> click.ClickException:
    from grader.cli import UsageProblem
    return UsageProblem(message)


def _existing_store(path: Path, missing: str):
    """The store at ``path``; never creates one (a report reads, it does not start a database)."""
    from grader.store import Store, StoreError
    if not path.is_file():
        raise _problem(missing)
    try:
        return Store(path)
    except StoreError as e:
        raise _problem(str(e)) from None


def _write(lang: str, fn, *args, **kw) -> Path:
    from reports.render import ReportError
    try:
        return fn(*args, **kw)
    except ReportError as e:
        raise _problem(e.message.get(lang)) from None
    except OSError as e:
        raise _problem(T["cannot_write"].get(lang).format(why=e)) from None


@click.command("report")
@click.argument("class_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--db", "class_db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Results database (default <CLASS_DIR>/.learn/class.db).")
@click.option("--out", "out", metavar="SITE", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the site: new, empty, or an earlier report (only its pages are replaced).")
@LANG
@click.pass_obj
def class_report(c, class_dir: Path, class_db: Path | None, out: Path, lang: str | None):
    """Write the class's HTML report: SITE/index.html, a page per item and per learner.

    Reads the results of `learn class grade` and CLASS_DIR/class.toml, and writes only
    inside --out (the first report also adds an index to the results database). The
    pages need no network and no JavaScript: open index.html in a browser, or print it.
    Prints the path of index.html.

    Example: learn class report ./class-2026 --out ./class-2026-report --lang ko
    """
    from grader.class_cli import load_assignment
    from reports.render import write_class_site
    db = class_db or class_dir / ".learn" / "class.db"
    lang = lang or c.lang
    store = _existing_store(db, T["no_class_db"].get(lang).format(db=db, dir=class_dir))
    assignment = load_assignment(class_dir)
    click.echo(_write(lang, write_class_site, store, assignment, out, lang))


@click.command("report")
@click.option("--out", "out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the page (default <workspace>/report).")
@LANG
@click.pass_obj
def report(c, out: Path | None, lang: str | None):
    """Write your own progress page (HTML) with what to do next; prints its path.

    Example: learn report --out ./my-report
    """
    from reports.render import write_own_report
    lang = lang or c.lang
    store = _existing_store(c.db_path, T["no_progress"].get(lang).format(db=c.db_path))
    out = out or Path(c.workspace.root) / "report"
    click.echo(_write(lang, write_own_report, store, c.learner, out, lang))
