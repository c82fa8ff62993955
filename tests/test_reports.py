"""The reports: the data layer on a store filled directly with ``Store.record``, the pages it
renders (escaping, languages, file names), and the `learn class report` / `learn report` commands.

The class of this file, graded on softmax (3 checks: basic 1 point, large_logits 2,
wide_range 1, plus a CUDA variant skipped here) and the softmax_properties quiz:

    ana   softmax: 1/4 with no_max_subtracted on two checks, then 4/4   (passes on attempt 2)
    ben   softmax: 3/4 with no_max_subtracted on wide_range              (never fixed)
    cho   softmax: 4/4 at once, after the due time                        (late)
          quiz: every answer right (ana too); ben picks "sum" in why_subtract_max
    dan   on the roster, nothing graded                                   (missing)
    HTML  a learner named <img src=x onerror=alert(1)> whose code, output and message are hostile
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

from grader import assignment as assignment_mod
from grader.checks import CheckResult, ExerciseResult, Outcome
from grader.cli import main
from grader.i18n import Text
from grader.quiz import get_quiz, grade_variant, variant_for
from grader.store import Store
from reports import data as D
from reports import pages as P
from reports import render
from reports.labels import LABELS

HTML_NAME = "<img src=x onerror=alert(1)>"
DUE = "2027-03-01T12:00:00+00:00"
CHECKS = {"basic": 1, "large_logits": 2, "wide_range": 1}
HOSTILE_CODE = 'def softmax(x, dim=-1):\n    return "</pre><script>alert(1)</script>"  # <b>bold</b>\n'


def exercise_result(outcomes: dict[str, str], mistakes: dict[str, str] | None = None,
                    sha: str = "") -> ExerciseResult:
    mistakes = mistakes or {}
    checks = [CheckResult(cid, Outcome(outcomes.get(cid, "passed")),
                          points if outcomes.get(cid, "passed") == "passed" else 0, points,
                          message=None if outcomes.get(cid, "passed") == "passed" else
                          Text(f"{cid}: got <b>nan</b>", f"{cid}: <b>nan</b>이 나옴"),
                          mistake=mistakes.get(cid))
              for cid, points in CHECKS.items()]
    checks.append(CheckResult("basic[cuda]", Outcome.SKIPPED, 0, 1, Text("Skipped: no CUDA", "건너뜀")))
    return ExerciseResult("softmax", checks, submission_sha256=sha)


def record_exercise(store, learner, outcomes, mistakes=None, when="2027-02-01T10:00:00+00:00",
                    source="def softmax(x, dim=-1):\n    return x.softmax(dim)\n"):
    import hashlib
    sha = hashlib.sha256(source.encode()).hexdigest()
    return store.record(learner, exercise_result(outcomes, mistakes, sha), source=source, submitted_at=when)


def quiz_answers(learner: str, wrong_choice: str | None = None) -> dict:
    """Every answer right, or why_subtract_max answered with option ``wrong_choice``."""
    variant = variant_for(get_quiz("softmax_properties"), learner)
    answers = {}
    for qv in variant.questions:
        if qv.kind == "numeric":
            answers[qv.id] = qv.expected
        elif qv.kind == "single":
            answers[qv.id] = qv.expected
        elif qv.kind == "multiple":
            answers[qv.id] = ",".join(sorted(qv.expected))
        else:
            answers[qv.id] = qv.expected[0]
    if wrong_choice:
        q = variant.question("why_subtract_max")
        answers["why_subtract_max"] = next(o.key for o in q.options if o.option.id == wrong_choice)
    return answers


def record_quiz(store, learner, answers, when="2027-02-02T10:00:00+00:00"):
    graded = grade_variant(variant_for(get_quiz("softmax_properties"), learner), answers)
    return store.record(learner, graded.result, ("quiz_answers", graded.rows), source=graded.submission,
                        submitted_at=when)


def the_assignment(roster=("ana", "ben", "cho", "dan", HTML_NAME)) -> assignment_mod.Assignment:
    return assignment_mod.parse({"items": ["softmax", "softmax_properties"], "roster": list(roster),
                                 "due": dt.datetime.fromisoformat(DUE)})


MISTAKE = "softmax.no_max_subtracted"


def fill(store) -> None:
    record_exercise(store, "ana", {"large_logits": "failed", "wide_range": "failed"},
                    {"large_logits": MISTAKE, "wide_range": MISTAKE}, when="2027-02-01T09:00:00+00:00")
    record_exercise(store, "ana", {}, when="2027-02-03T09:00:00+00:00")
    record_exercise(store, "ben", {"wide_range": "failed"}, {"wide_range": MISTAKE})
    record_exercise(store, "cho", {}, when="2027-03-05T09:00:00+00:00")
    record_exercise(store, HTML_NAME, {"basic": "error", "large_logits": "failed", "wide_range": "failed"},
                    source=HOSTILE_CODE)
    record_quiz(store, "ana", quiz_answers("ana"))
    record_quiz(store, "ben", quiz_answers("ben", wrong_choice="sum"))
    record_quiz(store, "cho", quiz_answers("cho"))


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "class.db")
    fill(s)
    yield s
    s.close()


@pytest.fixture
def cd(store):
    return D.load_class(store, the_assignment())


def item(cd, item_id):
    return next(i for i in cd.items if i.id == item_id)


def page_of(cd, item_id):
    it = item(cd, item_id)
    build = P.quiz_page if it.kind == "quiz" else P.exercise_page
    return build(cd, P.item_stats(cd), it)


def learner(store, cd, name):
    ld = D.load_learner(store, the_assignment(), cd.book.row(name))
    return P.learner_page(the_assignment(), cd.items, ld, "en")


# ---------------------------------------------------------------------------------- data layer
def test_class_data_reuses_the_gradebook(cd):
    assert [r.name for r in cd.learners] == ["ana", "ben", "cho", "dan", HTML_NAME]
    assert [r.missing for r in cd.learners] == [False, False, False, True, False]
    ana = cd.book.row("ana").cells["softmax"]
    assert (ana.score, ana.max_score, ana.attempts) == (4, 4, 2)
    assert cd.book.row("cho").cells["softmax"].late
    assert [r.learner for r in cd.with_work] == ["ana", "ben", "cho", HTML_NAME]


def test_item_statistics_on_the_class_page(cd):
    page = P.class_page(cd, P.item_stats(cd))
    s = next(s for s in page.item_stats if s.item.id == "softmax")
    # best shares over the four learners with work: 1, 3/4, 1, 0
    assert s.submitted == 4 and s.n == 4
    assert s.mean == pytest.approx(0.6875) and s.median == pytest.approx(0.875)
    assert s.pass_rate == pytest.approx(0.5)
    assert s.attempts_to_pass == pytest.approx(1.5)      # ana 2, cho 1
    assert s.late == 1
    q = next(s for s in page.item_stats if s.item.id == "softmax_properties")
    assert q.submitted == 3 and q.n == 4
    assert page.missing == ("dan",) and page.summary.n == 4


def test_discrimination_on_the_class_page_is_the_gradebook_rest_of_total(cd):
    from reports import stats
    page = P.class_page(cd, P.item_stats(cd))
    rows = cd.with_work
    item_scores = [r.cells["softmax"].weighted if "softmax" in r.cells else 0 for r in rows]
    expected = stats.discrimination(item_scores, [r.total for r in rows])
    assert next(s for s in page.item_stats if s.item.id == "softmax").discrimination == pytest.approx(expected)


def test_check_counts(cd):
    counts = {c.id: c for c in cd.checks["softmax"]}
    assert list(counts) == ["basic", "large_logits", "wide_range"]     # the suite's order; basic[cuda] never ran
    assert (counts["wide_range"].attempts, counts["wide_range"].failed) == (5, 3)
    assert (counts["wide_range"].best, counts["wide_range"].best_passed) == (4, 2)


def test_check_statistics(cd):
    checks = {c.id: c for c in page_of(cd, "softmax").checks}
    assert "basic[cuda]" not in checks                  # skipped everywhere: not a check here
    # best attempts: ana all pass, ben fails wide_range, cho all pass, HTML fails all three
    assert checks["wide_range"].passing == pytest.approx(2 / 4)
    assert checks["basic"].passing == pytest.approx(3 / 4)
    # all five attempts: wide_range failed by ana's first, ben's and HTML's
    assert checks["wide_range"].attempts == 5 and checks["wide_range"].failed == pytest.approx(3 / 5)
    assert checks["wide_range"].message == "wide_range: got <b>nan</b>"     # raw here, escaped in the page
    assert list(checks)[0] == "wide_range"              # the least passed first


def test_named_mistakes_most_frequent_first_with_who_fixed_them(cd):
    (m,) = cd.mistakes["softmax"]
    assert m.id == MISTAKE and m.what == D.known_mistakes("softmax")["no_max_subtracted"]
    assert m.learners == ("ana", "ben") and m.attempts == 2 and m.fixed == 1


def test_exercise_page(cd):
    page = page_of(cd, "softmax")
    assert page.common.summary.n == 4 and page.common.summary.bins[9] == 2
    assert len(page.common.quintiles) == 5
    tl = page.common.timeline
    assert sum(b.attempts for b in tl.bins) == 5 and sum(b.passed for b in tl.bins) == 2
    assert tl.days_per_bin == 2 and tl.bins[0].label == "2027-02-01"      # 33 days in at most 30 bins
    assert tl.due_at == pytest.approx(28.5 / 34)          # the middle of 1 March, in 17 bins of 2 days
    assert page.files["ana"] == D.learner_file("ana")


def test_quiz_page_item_analysis(cd):
    page = page_of(cd, "softmax_properties")
    assert page.n == 3
    q = next(q for q in page.questions if q.id == "why_subtract_max")
    assert q.facility == pytest.approx(2 / 3)
    options = {o.id: o for o in q.options}
    assert options["overflow"].count == 2 and options["overflow"].correct
    assert options["sum"].count == 1 and options["sum"].why.startswith("The outputs sum to 1 either way")
    assert options["grad"].count == 0
    # only why_subtract_max varies, so no question's rest of the quiz varies: none can be computed
    assert all(x.discrimination is None for x in page.questions)
    from reports import stats
    matrix = [[1 if not (learner == "ben" and qid == "why_subtract_max") else 0 for qid in
               [x.id for x in page.questions]] for learner in ("ana", "ben", "cho")]
    # one varying item: Σ var(item) = var(total), so alpha is 0
    assert page.alpha == pytest.approx(stats.cronbach_alpha(matrix)) and page.alpha == pytest.approx(0, abs=1e-12)


def test_quiz_wrong_numeric_answers_grouped_by_their_misconception(tmp_path):
    s = Store(tmp_path / "q.db")
    for learner in ("p", "q"):
        answers = quiz_answers(learner)
        variant = variant_for(get_quiz("softmax_properties"), learner)
        shift = variant.question("after_max_shift")
        answers["after_max_shift"] = shift.mistakes[0].value      # the first typical mistake
        record_quiz(s, learner, answers)
    cd = D.load_class(s, the_assignment(roster=("p", "q")), "ko")
    q = next(q for q in page_of(cd, "softmax_properties").questions if q.id == "after_max_shift")
    (wrong,) = q.wrong
    assert wrong.key == "mistake0" and wrong.count == 2
    assert "최솟값 − 최댓값" in wrong.why and "{answer}" not in wrong.why     # Korean, filled in


def test_learner_page(store, cd):
    ana = learner(store, cd, "ana")
    line = next(x for x in ana.items if x.item.id == "softmax")
    assert (line.cell.score, line.last_score, line.attempts, line.first_passed) == (4, 4, 2, "2027-02-03")
    (m,) = ana.mistakes
    assert m.id == MISTAKE and m.attempts == 1 and m.fixed and m.first_seen == "2027-02-01"
    # by when the files changed: softmax 1/4 (weight 1 of 2), the quiz 6/6 (2 Feb), softmax 4/4 (3 Feb)
    assert [round(p[1], 3) for p in ana.cumulative] == [0.125, 0.625, 1.0]
    assert ana.code.item == "softmax" and ana.code.text.startswith("def softmax")
    (qa,) = ana.quiz_answers
    assert all(a.right for a in qa.answers)
    ben = learner(store, cd, "ben")
    assert not ben.mistakes[0].fixed
    wrong = next(a for a in ben.quiz_answers[0].answers if a.question == "why_subtract_max")
    assert not wrong.right and wrong.misconception.startswith("The outputs sum to 1 either way")
    dan = learner(store, cd, "dan")
    assert dan.missing and dan.items[0].cell is None and dan.cumulative == () and dan.code is None


def test_the_report_index_is_added_once_and_then_used(store):
    def indexed():
        return store.conn.execute("select count(*) from sqlite_master where name = 'idx_check_results_failed'"
                                  ).fetchone()[0]
    assert not indexed()
    D.load_class(store, the_assignment())
    assert indexed()
    plan = store.conn.execute(f"explain query plan select c.check_id from check_results c where {D.FAILED}")
    assert "idx_check_results_failed" in str(plan.fetchall())


def test_a_read_only_store_gives_the_same_figures(store):
    import sqlite3
    from types import SimpleNamespace
    read_only = SimpleNamespace(conn=sqlite3.connect(f"file:{store.path}?mode=ro", uri=True))
    without = D.load_class(read_only, the_assignment())
    assert not read_only.conn.execute("select count(*) from sqlite_master where type = 'index' and name ="
                                      " 'idx_check_results_failed'").fetchone()[0]
    assert without == D.load_class(store, the_assignment())


# ---------------------------------------------------------------------------------- file names
@pytest.mark.parametrize("name", [HTML_NAME, "../../etc/passwd", "a/b\\c", "이서연", "", ".", "x" * 300,
                                  "con", "ana\udcff", "\u202eevil"])
def test_learner_pages_have_safe_file_names(name):
    file = D.learner_file(name)
    assert re.fullmatch(r"[a-z0-9-]{1,32}-[0-9a-f]{10}\.html", file), file


def test_names_that_slug_alike_get_different_pages():
    assert D.slug("Ana!") == D.slug("ana?") == "ana"
    assert D.learner_file("Ana!") != D.learner_file("ana?")
    assert D.item_file("softmax") == "softmax.html"


# ---------------------------------------------------------------------------------- pages
@pytest.fixture
def site(store, tmp_path):
    index = render.write_class_site(store, the_assignment(), tmp_path / "site")
    return index.parent


def pages_of(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_the_site_has_a_page_per_item_and_learner(site):
    assert set(pages_of(site)) == {"index.html", "items/softmax.html", "items/softmax_properties.html",
                                   *(f"learners/{D.learner_file(n)}" for n in
                                     ("ana", "ben", "cho", "dan", HTML_NAME))}


def test_everything_learner_controlled_is_escaped(site):
    for name, html in pages_of(site).items():
        assert "<img src=x" not in html and "<script" not in html, name
        assert "<b>nan</b>" not in html and "<b>bold</b>" not in html, name
    index = (site / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in index
    mine = (site / "learners" / D.learner_file(HTML_NAME)).read_text()
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in mine
    assert "&lt;b&gt;nan&lt;/b&gt;" in (site / "items" / "softmax.html").read_text()


def test_pages_load_nothing_and_run_nothing(site):
    for name, html in pages_of(site).items():
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I), name
        assert "<script" not in html.lower() and "@import" not in html and "url(" not in html, name
        assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_links_between_pages_resolve(site):
    for name, html in pages_of(site).items():
        for href in re.findall(r'href="([^"#]+)"', html):
            assert (site / name).parent.joinpath(href).resolve().is_file(), f"{name} links to {href}"


def test_highlighting_escapes_every_piece():
    out = render.highlight('x = "<i>" # <b>\nif x: print(1)\n')
    assert "<i>" not in out and "<b>" not in out
    assert '<span class="s">&quot;&lt;i&gt;&quot;</span>' in out and '<span class="k">if</span>' in out
    assert render.highlight("'unterminated <") .endswith("&lt;</span>")


def test_korean_pages_translate_every_label(store, tmp_path):
    index = render.write_class_site(store, the_assignment(), tmp_path / "ko", lang="ko")
    html = index.read_text()
    assert 'lang="ko"' in html and "학급 보고서" in html and "변별도" in html
    for english in ("Class report", "Discrimination", "Missing learners", "Histogram"):
        assert english not in html


def test_every_label_has_both_languages():
    same = {"n", "quintile_short"}     # reads the same, or is a format with a number
    for key, text in LABELS.items():
        assert text.en.strip() and text.ko.strip(), key
        assert key in same or text.en != text.ko, f"{key} is not translated"


def test_templates_use_only_labels_that_exist():
    from pathlib import Path
    used = set()
    for path in (Path(render.__file__).parent / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\.(?!get\()([a-z_]+)", path.read_text()))
    assert used - set(LABELS) == set()


def test_a_rerun_replaces_only_its_own_pages(store, tmp_path):
    out = tmp_path / "site"
    render.write_class_site(store, the_assignment(), out)
    stale = out / "learners" / "gone-0000000000.html"
    stale.write_text("old")
    render.write_class_site(store, the_assignment(roster=("ana",)), out)
    assert not stale.exists()
    assert len(list((out / "learners").iterdir())) == 1


def test_an_empty_store_still_makes_a_site(tmp_path):
    empty = Store(tmp_path / "empty.db")
    index = render.write_class_site(empty, the_assignment(roster=("ann",)), tmp_path / "site")
    html = index.read_text()
    assert "ann" in html and "Missing learners" in html
    assert (tmp_path / "site" / "items" / "softmax.html").is_file()
    own = render.write_own_report(empty, "ann", tmp_path / "own").read_text()
    assert "learn start" in own


def test_a_folder_that_is_not_a_report_is_refused(store, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(render.ReportError):
        render.write_class_site(store, the_assignment(), out)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


# ---------------------------------------------------------------------------------- commands
@pytest.fixture
def class_dir(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    roster = json.dumps(["ana", "ben", "cho", "dan", HTML_NAME])
    (folder / "class.toml").write_text(
        f'title = "Spring <b>2027</b>"\nitems = ["softmax", "softmax_properties"]\ndue = {DUE}\n'
        f"roster = {roster}\n", encoding="utf-8")
    s = Store(folder / ".learn" / "class.db")
    fill(s)
    s.close()
    return folder


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_class_report_writes_the_site_and_prints_index(class_dir, tmp_path):
    out = tmp_path / "site"
    r = invoke("--lang", "en", "class", "report", str(class_dir), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert r.output.strip() == str(out / "index.html")
    html = (out / "index.html").read_text()
    assert "Spring &lt;b&gt;2027&lt;/b&gt;" in html and "69%" in html          # softmax mean 0.6875
    r = invoke("class", "report", str(class_dir), "--out", str(out), "--lang", "ko")
    assert r.exit_code == 0 and "학급 보고서" in (out / "index.html").read_text()


def test_class_report_without_results_says_what_to_run(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = invoke("--lang", "en", "class", "report", str(empty), "--out", str(tmp_path / "site"))
    assert r.exit_code == 2 and "learn class grade" in r.output
    assert not (empty / ".learn").exists() and not (tmp_path / "site").exists()


def test_class_report_with_another_db_and_a_busy_folder(class_dir, tmp_path):
    moved = tmp_path / "elsewhere.db"
    (class_dir / ".learn" / "class.db").rename(moved)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.tex").write_text("x")
    r = invoke("--lang", "en", "class", "report", str(class_dir), "--db", str(moved), "--out", str(busy))
    assert r.exit_code == 2 and "not empty" in r.output
    r = invoke("--lang", "ko", "class", "report", str(class_dir), "--db", str(moved), "--out", str(busy))
    assert r.exit_code == 2 and "비어 있지 않고" in r.output
    r = invoke("class", "report", str(class_dir), "--db", str(moved), "--out", str(tmp_path / "ok"))
    assert r.exit_code == 0


def test_own_report_has_what_to_do_next(tmp_path):
    ws = tmp_path / "ws"
    s = Store(ws / ".learn" / "progress.db")
    record_exercise(s, "kim", {"wide_range": "failed"}, {"wide_range": MISTAKE})
    s.close()
    r = invoke("--workspace", str(ws), "--learner", "kim", "--lang", "en", "report")
    assert r.exit_code == 0, r.output
    index = ws / "report" / "index.html"
    assert r.output.strip() == str(index)
    html = index.read_text()
    assert "What to do next" in html and "learn hint softmax" in html
    assert "exponentiated without subtracting the max first" in html          # the unfixed mistake
    assert "learn start" in html and 'href="../' not in html                     # no class site around it
    r = invoke("--workspace", str(ws), "--learner", "kim", "report", "--lang", "ko", "--out", str(tmp_path / "k"))
    assert r.exit_code == 0 and "다음에 할 일" in (tmp_path / "k" / "index.html").read_text()


def test_own_report_before_any_grading(tmp_path):
    r = invoke("--workspace", str(tmp_path / "ws"), "--lang", "en", "report")
    assert r.exit_code == 2 and "learn start softmax" in r.output
    assert not (tmp_path / "ws").exists()


def test_report_commands_have_help_with_an_example():
    from grader.class_cli import class_
    for cmd in (main.commands["report"], class_.commands["report"]):
        assert cmd.help and "Example:" in cmd.help
    r = invoke("class", "report", "--help")
    assert r.exit_code == 0 and "--out SITE" in r.output and "--lang" in r.output
