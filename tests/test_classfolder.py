"""A class folder is hostile input: links, names, sizes and bytes are chosen by learners."""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import paths, safetext
from grader.assignment import load
from grader.classfolder import MAX_SOURCE_BYTES, discover
from grader.cli import main
from grader.store import Store

SOFTMAX = paths.SOLUTIONS_DIR / "softmax.py"


def learn(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assigned(cls, items='["softmax", "one_hot"]'):
    (cls / "class.toml").write_text(f"items = {items}\n")
    return load(cls)


# -- names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, safe", [
    ("ana", "ana"), ("이서연", "이서연"), ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ("evil\nrow", "evil\\x0arow"), ("clear\x1b[2J", "clear\\x1b[2J"), ("t\x1b]0;owned\x07", "t\\x1b]0;owned\\x07"),
    ("caf\udce9", "caf\\xe9"), ("rtl\u202eexe.py", "rtl\\u202eexe.py"), ("del\x7f", "del\\x7f"),
    ("c1\x9b31m", "c1\\x9b31m"), ("lone\ud800", "lone\\ud800"),
])
def test_names_become_one_printable_line(raw, safe):
    assert safetext.name(raw) == safe
    assert safetext.name(safetext.name(raw)) == safetext.name(raw).replace("\\", "\\")   # stable
    safetext.name(raw).encode("utf-8")                                  # never raises


def test_free_text_keeps_lines_and_tabs_and_nothing_else_that_steers_a_terminal():
    assert safetext.text("a\n\tb\x1b[31mred\r\ud800") == "a\n\tb\\x1b[31mred\\x0d\\ud800"


def test_hostile_names_are_graded_and_never_reach_the_table_raw(tmp_path):
    cls = tmp_path / "class"
    names = {"evil\nforged 100%": "evil\\x0aforged 100%", "clear\x1b[2J": "clear\\x1b[2J",
             os.fsdecode(b"caf\xe9"): "caf\\xe9", "<b onclick=x>bold": "<b onclick=x>bold"}
    for raw in names:
        folder = Path(os.fsencode(cls / raw).decode("utf-8", "surrogateescape"))
        folder.mkdir(parents=True)
        shutil.copy(SOFTMAX, folder / "softmax.py")
    assigned(cls, '["softmax"]')
    r = learn("class", "grade", cls, "--jobs", "1")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == 1 + len(names)                   # no forged row
    assert "\x1b" not in r.stdout + r.stderr
    for safe in names.values():
        assert any(line.startswith(safe) and "(100%)" in line for line in lines), (safe, lines)
    stored = {a["learner"] for a in Store(cls / ".learn" / "class.db").attempts()}
    assert stored == set(names.values())
    as_json = learn("class", "grade", cls, "--jobs", "1", "--json", "--regrade")
    assert {json.loads(line)["learner"] for line in as_json.stdout.splitlines()} == set(names.values())


# -- links, sizes, odd files ---------------------------------------------------------------------

def make_hostile(cls):
    (cls / "ana").mkdir(parents=True)
    shutil.copy(SOFTMAX, cls / "ana" / "softmax.py")
    (cls / "ben").mkdir()
    (cls / "ben" / "softmax.py").symlink_to(SOFTMAX)                         # a reference solution
    (cls / "ben" / "one_hot.py").symlink_to(cls / "ana" / "softmax.py")     # a classmate's file
    (cls / "cho").mkdir()
    (cls / "cho" / "softmax.py").symlink_to("/etc/shadow")
    (cls / "cho" / "quizzes").symlink_to(paths.EXERCISES_DIR / "quizzes")
    (cls / "dan").symlink_to(paths.SOLUTIONS_DIR)                           # a whole folder of answers
    (cls / "eve").mkdir()
    with open(cls / "eve" / "softmax.py", "wb") as f:
        f.write(b"# " + b"x" * (MAX_SOURCE_BYTES + 10) + b"\n")
    (cls / "eve" / "one_hot.py").mkdir()                                     # a folder, not a file
    os.mkfifo(cls / "ana" / "one_hot.py")                                   # would block a plain read
    return cls


def test_links_are_never_followed_and_each_refusal_is_reported_and_recorded(tmp_path):
    cls = make_hostile(tmp_path / "class")
    found = discover(cls, assigned(cls))
    assert [(f.learner, f.item) for f in found.found] == [("ana", "softmax")]
    refused = {(r.learner, r.item): r.why for r in found.refused}
    assert "symbolic link" in refused[("ben", "softmax")] and "symbolic link" in refused[("ben", "one_hot")]
    assert "symbolic link" in refused[("cho", "softmax")]
    assert "over the limit" in refused[("eve", "softmax")] and f"{MAX_SOURCE_BYTES:,}" in refused[("eve", "softmax")]
    assert "not a regular file" in refused[("ana", "one_hot")] and "not a regular file" in refused[("eve", "one_hot")]
    assert "dan" not in found.learners and any("dan: a symbolic link" in n for n in found.notes)
    assert any("cho/quizzes" in n for n in found.notes)

    r = learn("class", "grade", cls, "--jobs", "1", "--json")
    assert r.exit_code == 0, r.output
    rows = {(row["learner"], row["exercise"]): row for row in map(json.loads, r.stdout.splitlines())}
    assert rows[("ana", "softmax")]["status"] == "passed"
    for key in [("ben", "softmax"), ("ben", "one_hot"), ("cho", "softmax"), ("eve", "softmax"), ("ana", "one_hot")]:
        assert rows[key]["score"] == 0, key
        assert "was not graded" in rows[key]["checks"][0]["message"]
    assert "refused: ben/softmax.py: a symbolic link" in r.stderr
    shadow = Path("/etc/shadow")
    if shadow.exists() and os.access(shadow, os.R_OK):
        first = shadow.read_text().splitlines()[0]
        assert first not in r.output
        assert first not in "".join(str(v) for row in Store(cls / ".learn" / "class.db").db["check_results"].rows
                                    for v in row.values())
    again = learn("class", "grade", cls, "--jobs", "1", "--json")
    assert again.stdout == "" and "reused 7" in again.stderr          # refusals are reused too


def test_a_hard_link_to_a_file_others_may_not_read_is_refused(tmp_path):
    cls = tmp_path / "class"
    (cls / "ana").mkdir(parents=True)
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'hunter2'\n")
    secret.chmod(0o600)
    os.link(secret, cls / "ana" / "softmax.py")
    found = discover(cls, assigned(cls, '["softmax"]'))
    assert not found.found and "hard link" in found.refused[0].why


def test_a_huge_folder_is_looked_at_only_so_far(tmp_path):
    from grader.classfolder import MAX_ENTRIES
    cls = tmp_path / "class"
    (cls / "ana").mkdir(parents=True)
    for i in range(MAX_ENTRIES + 20):
        (cls / "ana" / f"junk{i:04d}.txt").touch()
    found = discover(cls, assigned(cls, '["softmax"]'))
    assert any("more entries were not looked at" in n for n in found.notes)
    assert sum("not an exercise file" in n for n in found.notes) == MAX_ENTRIES


SURROGATES = '''
print("printed \\ud800 and \\x1b[2J at import")
def softmax(x, dim=-1):
    print("\\ud800 printed in a call")
    raise ValueError("lone \\ud800 surrogate \\x1b]0;title\\x07")
def softmax_np(x, axis=-1):
    raise ValueError("\\udcff")
'''


@pytest.mark.parametrize("as_json", [False, True])
def test_surrogates_and_escapes_from_learner_code_never_stop_the_batch(tmp_path, as_json):
    cls = tmp_path / "class"
    (cls / "ana").mkdir(parents=True)
    (cls / "ana" / "softmax.py").write_text(SURROGATES, encoding="utf-8")
    (cls / "ben").mkdir()
    shutil.copy(SOFTMAX, cls / "ben" / "softmax.py")
    assigned(cls, '["softmax"]')
    r = learn("class", "grade", cls, "--jobs", "1", *(["--json"] if as_json else []))
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout + r.stderr and "graded 2" in r.stderr
    store = Store(cls / ".learn" / "class.db")
    ana = store.attempts(learner="ana")[0]
    messages = [c["message_en"] for c in store.checks_of(ana["id"]) if c["outcome"] != "skipped"]
    assert ana["score"] == 0 and any("\\ud800" in m for m in messages)
    assert store.attempts(learner="ben")[0]["status"] == "passed"
