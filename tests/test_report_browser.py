"""The sample class's report, opened in a real headless Chromium.

The sample class (scripts/sample_class.py: a dozen learners, one of them named
``<img src=x onerror=alert(1)>``) is built, graded and reported through the `learn`
commands, in English and in Korean. Chromium then dumps the DOM of the class page and
of one exercise, quiz and learner page: the numbers the data layer computes must be
there, the hostile name must be text (no ``<img>`` element, no ``onerror``), and the
network log must show no request made by a page (Chromium's own background requests,
initiator "not an origin", are blocked by the resolver rules and not ours). A probe page
with an external image proves the network check catches such a request. A screenshot
of each kind of page is kept in tests/artifacts/report-browser/ (ignored by git).

Chromium is the Debian package ``chromium`` (scripts/setup.sh installs it where it can;
``LEARN_CHROMIUM`` names another binary). Without it these tests FAIL; they skip only
when ``LEARN_ALLOW_NO_BROWSER=1`` is set and neither ``CI`` nor ``LEARN_CI`` (set by
.ci/run) is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grader import paths

ARTIFACTS = paths.ROOT / "tests" / "artifacts" / "report-browser"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HTML_NAME = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.slow


def _chromium() -> str:
    found = os.environ.get("LEARN_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if found:
        return found
    why = ("Chromium is needed for the report's browser tests: install it with `apt-get install -y chromium` "
           "(scripts/setup.sh does where it can) or point LEARN_CHROMIUM at a Chromium binary.")
    in_ci = os.environ.get("CI") or os.environ.get("LEARN_CI")
    if os.environ.get("LEARN_ALLOW_NO_BROWSER") == "1" and not in_ci:
        pytest.skip(f"LEARN_ALLOW_NO_BROWSER=1: {why}")
    pytest.fail(why + ("" if in_ci else " To skip these tests on this machine, set LEARN_ALLOW_NO_BROWSER=1."),
                pytrace=False)


class Browser:
    """One headless Chromium run per call, with the network cut off and logged."""

    def __init__(self, binary: str, work: Path):
        self.binary, self.work, self.runs = binary, work, 0

    def _run(self, url: str, *extra: str, timeout: int = 120) -> tuple[subprocess.CompletedProcess, Path]:
        self.runs += 1
        log = self.work / f"net-{self.runs}.json"
        flags = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability", "--no-pings",
                 f"--user-data-dir={self.work / 'profile'}", "--host-resolver-rules=MAP * ~NOTFOUND",
                 f"--log-net-log={log}"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")      # Chromium refuses to run as root with its sandbox
        proc = subprocess.run([self.binary, *flags, *extra, url], capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, "LANG": "C.UTF-8"})
        assert proc.returncode == 0, f"chromium failed on {url}: {proc.stderr[-2000:]}"
        return proc, log

    def dom(self, page: Path) -> tuple[str, list[str]]:
        """The page's DOM after loading, and the URLs of the requests the page made."""
        proc, log = self._run(page.as_uri(), "--dump-dom")
        return proc.stdout, page_requests(log)

    def screenshot(self, page: Path, name: str, height: int = 2400) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{name}.png"
        shot.unlink(missing_ok=True)
        self._run(page.as_uri(), f"--screenshot={shot}", f"--window-size=1280,{height}", "--hide-scrollbars")
        assert shot.is_file() and shot.stat().st_size > 10_000, f"no screenshot of {page}"
        print(f"screenshot: {shot}")
        return shot


def page_requests(log: Path) -> list[str]:
    """URLs of the requests a page made (Chromium's own have the initiator "not an origin")."""
    text = log.read_text(encoding="utf-8")
    try:
        events = json.loads(text)
    except json.JSONDecodeError:                 # a log cut short: close its event list
        events = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {v: k for k, v in events["constants"]["logEventTypes"].items()}
    starts = [e.get("params", {}) for e in events["events"] if names.get(e["type"]) == "URL_REQUEST_START_JOB"]
    return [p["url"] for p in starts if "url" in p and p.get("initiator") != "not an origin"]


def _learn(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "--lang", "en", *args], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), f"learn {' '.join(args)}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    return Browser(_chromium(), tmp_path_factory.mktemp("chromium"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory, browser):
    """The sample class, graded, and its report in English (site) and Korean (site-ko)."""
    sys.path.insert(0, str(paths.ROOT / "scripts"))
    try:
        import sample_class
    finally:
        sys.path.remove(str(paths.ROOT / "scripts"))
    root = tmp_path_factory.mktemp("sample")
    cls = sample_class.build(root / "class")
    _learn("class", "grade", str(cls), "--jobs", "2")
    for out, lang in (("site", "en"), ("site-ko", "ko")):
        printed = _learn("class", "report", str(cls), "--out", str(root / out), "--lang", lang)
        assert printed.strip() == str(root / out / "index.html")
    return root


@pytest.fixture(scope="module")
def figures(sample):
    """What the data layer says the pages show."""
    from grader import assignment
    from grader.store import Store
    from reports import data as D
    from reports import pages as P
    store = Store(sample / "class" / ".learn" / "class.db")
    cd = D.load_class(store, assignment.load(sample / "class"))
    by_item = P.item_stats(cd)
    item = {i.id: i for i in cd.items}
    yield {"cd": cd, "class": P.class_page(cd, by_item),
           "softmax": P.exercise_page(cd, by_item, item["softmax"]),
           "quiz": P.quiz_page(cd, by_item, item["epoch_batch_iteration"])}
    store.close()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]


def no_markup_from_learners(dom: str) -> None:
    """The DOM holds no element or event handler that learner text could have brought in."""
    found = _Elements()
    found.feed(dom)
    assert not found.tags & {"img", "script", "iframe", "object", "embed"}, found.tags
    assert not found.handlers, found.handlers


def test_the_network_check_catches_a_page_request(browser, tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text('<p>probe</p><img src="http://example.com/x.png">', encoding="utf-8")
    _, requests = browser.dom(probe)
    assert requests == ["http://example.com/x.png"]


def test_class_page_in_chromium(browser, sample, figures):
    page = figures["class"]
    dom, requests = browser.dom(sample / "site" / "index.html")
    assert requests == [], f"the class page made requests: {requests}"
    no_markup_from_learners(dom)
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom                  # the name, as text
    s = page.summary
    for shown in (f"{s.mean * 100:.1f}%", f"{s.median * 100:.1f}%", f"{s.sd * 100:.1f}%", f"<b>{s.n}</b>"):
        assert shown in dom, shown
    softmax = next(x for x in page.item_stats if x.item.id == "softmax")
    assert f"{softmax.discrimination:.2f}" in dom and f"{softmax.pass_rate * 100:.0f}%" in dom
    ana = next(r for r in page.rows if r.learner.name == "ana")
    assert f'href="learners/{ana.learner.file}"' in dom and f"{ana.percent * 100:.0f}%" in dom
    assert "kim" in dom and "Missing learners" in dom                       # on the roster, no folder
    assert dom.count("<svg") >= 1 + len(page.item_stats)                     # histogram, mean bars
    browser.screenshot(sample / "site" / "index.html", "class")


def test_exercise_page_in_chromium(browser, sample, figures):
    page = figures["softmax"]
    dom, requests = browser.dom(sample / "site" / "items" / "softmax.html")
    assert requests == []
    no_markup_from_learners(dom)
    worst = page.checks[0]
    assert worst.id in dom and f"{worst.passing * 100:.0f}%" in dom
    assert page.mistakes and page.mistakes[0].id in dom and page.mistakes[0].what in dom
    assert "Scores on this item" in dom and "Attempts over time" in dom
    browser.screenshot(sample / "site" / "items" / "softmax.html", "exercise")


def test_quiz_page_in_chromium(browser, sample, figures):
    page = figures["quiz"]
    dom, requests = browser.dom(sample / "site" / "items" / "epoch_batch_iteration.html")
    assert requests == []
    no_markup_from_learners(dom)
    assert "Cronbach" in dom and (f"{page.alpha:.2f}" if page.alpha is not None else "–") in dom
    for q in page.questions:
        assert q.id in dom and f"Facility {q.facility * 100:.0f}%" in dom
    assert any(w.why and w.why in dom for q in page.questions for w in q.wrong)   # a named misconception
    browser.screenshot(sample / "site" / "items" / "epoch_batch_iteration.html", "quiz", height=2000)


def test_learner_page_of_the_hostile_name_in_chromium(browser, sample, figures):
    from reports.data import learner_file
    path = sample / "site" / "learners" / learner_file(HTML_NAME)
    dom, requests = browser.dom(path)
    assert requests == []
    no_markup_from_learners(dom)
    row = figures["cd"].book.row(HTML_NAME)
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in dom
    assert f"{row.percent:.1f}%" in dom
    assert "Mastery per concept" in dom and "Last submission" in dom and "Quiz answers" in dom
    assert '<span class="k">def</span>' in dom                               # highlighted code
    browser.screenshot(path, "learner")


def test_korean_class_page_in_chromium(browser, sample, figures):
    dom, requests = browser.dom(sample / "site-ko" / "index.html")
    assert requests == []
    no_markup_from_learners(dom)
    assert 'lang="ko"' in dom and "학급 보고서" in dom and "변별도" in dom and "이서연" in dom
    assert f"{figures['class'].summary.mean * 100:.1f}%" in dom
    browser.screenshot(sample / "site-ko" / "index.html", "class-ko")


def test_every_page_of_the_site_loads_nothing_from_outside(sample):
    for page in (sample / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I), page
