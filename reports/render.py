"""One Jinja2 environment, and the functions that write a report's pages.

Templates live in ``reports/templates/``: ``base.html`` (the frame every page fills),
``macros.html`` (score cell, histogram, bar, sparkline, timeline: inline SVG) and one
template per kind of page. They render the plain records of ``reports.pages`` and never
query anything. Autoescaping is on for every ``.html`` template and undefined names
fail the render (``StrictUndefined``). The only HTML built in Python is the syntax
highlighting of code, where every piece of the learner's text goes through ``html.escape``.

A site is a folder: ``index.html``, ``items/<item>.html``, ``learners/<slug>-<hash>.html``
and a marker file, ``.learn-report``. Writing into a folder that holds anything else
is refused, and a rerun replaces only what an earlier run wrote.
"""

from __future__ import annotations

import datetime as dt
import html
import keyword
import re
import shutil
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from grader.i18n import Text, eun_neun
from reports import data as D
from reports import pages as P
from reports.pages import band
from reports.labels import labels

MARKER = ".learn-report"
#: the longest code a learner page shows of one submission (characters)
CODE_SHOWN = 20_000


class ReportError(Exception):
    """The report cannot be written where asked; nothing was written."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


# ---------------------------------------------------------------------------------- filters
def pct(x: float | None, digits: int = 0) -> str:
    """A share as a percentage: 0.8421 -> "84%"; None -> "–"."""
    return "–" if x is None else f"{x * 100:.{digits}f}%"


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>[rRbBuUfF]{0,2}(?:\"\"\"[\s\S]*?(?:\"\"\"|\Z)|'''[\s\S]*?(?:'''|\Z)
                               |"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?))
  | (?P<number>\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?\b)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
""", re.X)
_BUILTINS = frozenset(("print", "len", "range", "sum", "max", "min", "abs", "int", "float", "list",
                       "dict", "tuple", "set", "str", "bool", "isinstance", "zip", "enumerate", "round",
                       "super", "self", "None", "True", "False"))
_KEYWORDS = frozenset(keyword.kwlist) - {"None", "True", "False"}
_CSS = {"comment": "c", "string": "s", "number": "n"}


def highlight(code: str) -> Markup:
    """Python source as HTML with spans for comments, strings, numbers, keywords and builtins
    (classes c, s, n, k, b). Every character of ``code`` goes through ``html.escape``."""
    if len(code) > CODE_SHOWN:
        code = code[:CODE_SHOWN] + f"\n# … (cut at {CODE_SHOWN} characters)"
    out, last = [], 0
    for m in _TOKEN.finditer(code):
        kind, text = m.lastgroup, m.group()
        css = _CSS.get(kind)
        if kind == "name":
            css = "k" if text in _KEYWORDS else "b" if text in _BUILTINS else None
        if css is None:
            continue
        out.append(html.escape(code[last:m.start()]))
        out.append(f'<span class="{css}">{html.escape(text)}</span>')
        last = m.end()
    out.append(html.escape(code[last:]))
    return Markup("".join(out))


def own_time(value: str | None) -> str:
    """An ISO time in its own offset: "2028-06-01 23:59 (UTC+09:00)"."""
    try:
        t = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return ""
    offset = t.strftime("%z")
    return t.strftime("%Y-%m-%d %H:%M") + (f" (UTC{offset[:3]}:{offset[3:]})" if offset else "")


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("reports", "templates"), autoescape=select_autoescape(),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(pct=pct, num=num, band=band, highlight=highlight, own_time=own_time)
    return env


# ---------------------------------------------------------------------------------- pages
class Pages:
    """Renders pages in one language; ``ClassPages`` adds the pages of one class."""

    def __init__(self, lang: str = "en"):
        self.lang = lang
        self.t = labels(lang)
        self.generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    def render(self, template: str, **context) -> str:
        return environment().get_template(template).render(
            lang=self.lang, t=self.t, generated=self.generated, **context)

    def learner_page(self, page: P.LearnerPage, *, title: str, site: bool = True) -> str:
        return self.render("learner.html", root="../" if site else "", title=title, page=page, site=site)


class ClassPages(Pages):
    """The pages of one class, from its ``ClassData`` (item figures computed once, shared by the pages)."""

    def __init__(self, cd: D.ClassData):
        super().__init__(cd.lang)
        self.cd = cd
        self.by_item = P.item_stats(cd)

    def class_page(self) -> str:
        return self.render("class.html", root="", page=P.class_page(self.cd, self.by_item))

    def item_page(self, item: D.Item) -> str:
        cd, title = self.cd, self.cd.title
        if item.kind == "quiz":
            return self.render("quiz.html", root="../", title=title, page=P.quiz_page(cd, self.by_item, item))
        return self.render("exercise.html", root="../", title=title, page=P.exercise_page(cd, self.by_item, item))

    def learners(self, store, assignment):
        """(file name, html) of every learner of the class."""
        for ref, row in zip(self.cd.learners, self.cd.book.rows):
            page = P.learner_page(assignment, self.cd.items, D.load_learner(store, assignment, row), self.lang)
            yield ref.file, self.learner_page(page, title=self.cd.title)


# ---------------------------------------------------------------------------------- writing
def prepare(out: Path) -> None:
    """Make ``out`` ready for a site: new, empty, or a site an earlier run wrote (whose pages are
    removed); anything else is refused."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ReportError(Text(f"{out} exists and is not a folder; choose a new folder for the report.",
                               f"{out}{eun_neun(out)} 폴더가 아닙니다. 보고서를 쓸 새 폴더를 고르세요."))
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ReportError(Text(f"{out} is not empty and was not written by learn's reports; choose a new "
                               "or empty folder (nothing was written).",
                               f"{out} 폴더가 비어 있지 않고 learn 보고서가 쓴 폴더도 아닙니다. 새 폴더나 빈 폴더를 "
                               "고르세요(아무것도 쓰지 않았습니다)."))
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("items", "learners"):
        if (out / sub).is_dir() and not (out / sub).is_symlink():
            shutil.rmtree(out / sub)
    (out / "index.html").unlink(missing_ok=True)
    (out / MARKER).write_text("A report written by `learn`; a rerun replaces this folder's pages.\n",
                              encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="replace")   # a lone surrogate cannot crash a report


def write_class_site(store, assignment, out: Path, lang: str = "en") -> Path:
    """The class report: ``out/index.html``, a page per assigned item and per learner. Returns the
    path of index.html."""
    out = Path(out)
    pages = ClassPages(D.load_class(store, assignment, lang))      # read everything before touching out
    prepare(out)
    _write(out / "index.html", pages.class_page())
    for item in pages.cd.items:
        _write(out / "items" / item.file, pages.item_page(item))
    for file, text in pages.learners(store, assignment):
        _write(out / "learners" / file, text)
    return out / "index.html"


def write_own_report(store, learner: str, out: Path, lang: str = "en") -> Path:
    """A learner's own progress page from their workspace database, with what to do next: ``out/index.html``."""
    from grader import assignment as assignment_mod
    from grader import gradebook
    out = Path(out)
    D.ensure_index(store)
    assignment = assignment_mod.default()
    book = gradebook.build(store, assignment)
    row = book.row(learner) or gradebook.Row(learner, {}, 0.0, assignment.total_weight, missing=True)
    pages = Pages(lang)
    page = P.learner_page(assignment, D.items_of(assignment, lang), D.load_learner(store, assignment, row), lang,
                          labels=pages.t)
    prepare(out)
    _write(out / "index.html", pages.learner_page(page, title=pages.t["own_title"], site=False))
    return out / "index.html"
