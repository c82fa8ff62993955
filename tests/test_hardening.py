"""Issue 10: no learner can read a secret, hurt another learner or the host, or stop the grader.

Each test that concerns the child runs on both confinement levels: as root (namespaces and a
user id of the child's own) and in an unprivileged user namespace (what a user without root
gets; `Judge(userns=True)` selects it even as root). See SECURITY.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest
import torch

from grader import catalog, limits, paths
from grader.checks import Outcome
from grader.proxy import problem_for
from grader.runner import grade_source
from grader.sandbox import Judge
from grader.sandbox import judge as J
from grader.sandbox.isolation import UID_BASE
from grader.store import Store
from test_security import ATTACKS, IS_ROOT, USERNS, descendants, host_leftovers

SOFTMAX = catalog.get("softmax")
SOLUTION = (paths.SOLUTIONS_DIR / "softmax.py").read_text()
HIDE = [str(p) for p in paths.secret_dirs()]


@pytest.fixture(params=["root", "userns"])
def level(request):
    if request.param == "root" and not IS_ROOT:
        pytest.skip("the root path needs root")
    if request.param == "userns" and not USERNS:
        pytest.skip("this kernel does not allow unprivileged user namespaces")
    return request.param


def make_judge(level: str, **kw) -> Judge:
    return Judge(hide=kw.pop("hide", HIDE), userns=level == "userns", **kw)


def expected_level(level: str) -> str:
    return "namespaces+uid" if level == "root" else "userns"


def probe(judge: Judge, body: str, *args):
    """Run ``body`` (the inside of ``def probe(*args)``) in a child; its return value."""
    src = "import ctypes, importlib, os, signal, socket, sys\n" \
          "def ls(p):\n    try:\n        return sorted(os.listdir(p))\n" \
          "    except OSError as e:\n        return type(e).__name__\n" \
          "def read(p):\n    try:\n        with open(p, 'rb') as f:\n            return f.read()[:200]\n" \
          "    except OSError as e:\n        return type(e).__name__\n" \
          "def probe(*args):\n" + "".join("    " + line + "\n" for line in body.strip().splitlines())
    w = judge.open(src, "probe.py")
    assert w.hello.ok, w.hello
    try:
        reply = w.call("probe", args, timeout=20)
        assert reply.ok, reply
        return reply.value
    finally:
        w.close()


# ------------------------------------------------------------------ 2. secrets by allowlist
@pytest.fixture(scope="module")
def planted():
    """Copies of the reference solutions and the hidden checks elsewhere on the machine: another
    checkout's folders, `build/lib` left by `pip install .`, copies under /srv, /opt, /var/tmp, a
    temporary folder and the home folder (where this user may write)."""
    tag = f"learn-planted-{uuid.uuid4().hex[:8]}"
    places = [Path(p) / tag for p in ("/srv", "/opt", "/var/tmp", tempfile.gettempdir(), Path.home())
              if os.access(p, os.W_OK)]
    build = paths.ROOT / "build" / tag     # build/ is ignored by git
    copies, made = [], []
    for top in places + [build]:
        try:
            shutil.copytree(paths.SOLUTIONS_DIR, top / "lib" / "solutions")
            shutil.copytree(paths.HIDDEN_DIR, top / "lib" / "grader" / "hidden")
        except OSError:
            shutil.rmtree(top, ignore_errors=True)
            continue
        made.append(top)
        copies += [top / "lib" / "solutions" / "softmax.py", top / "lib" / "grader" / "hidden" / "test_softmax.py"]
    assert len(made) >= 2, "could not plant copies outside the project"
    yield copies
    for top in made:
        shutil.rmtree(top, ignore_errors=True)
    if build.parent.is_dir() and not any(build.parent.iterdir()):
        build.parent.rmdir()


def test_no_copy_of_the_solutions_or_hidden_checks_is_reachable(planted, level):
    # the grader itself can read every copy, and another checkout's too where there is one
    assert all(p.read_text() for p in planted)
    others = [str(p) for p in (Path("/work/main/solutions/softmax.py"), paths.SOLUTIONS_DIR / "softmax.py",
                               paths.HIDDEN_DIR / "test_softmax.py") if p.is_file()]
    got = probe(make_judge(level), """
out = {p: read(p) for p in args[0]}
for name in ("solutions.softmax", "grader.hidden.test_softmax"):
    try:
        out[name] = importlib.import_module(name).__file__
    except Exception as e:
        out[name] = type(e).__name__
return out
""", [str(p) for p in planted] + others)
    leaked = {k: v for k, v in got.items() if type(v) is bytes}
    assert not leaked, f"readable from the child: {sorted(leaked)}"
    assert got["solutions.softmax"] in ("ModuleNotFoundError", "FileNotFoundError", "ImportError")
    assert got["grader.hidden.test_softmax"] in ("ModuleNotFoundError", "FileNotFoundError", "ImportError")


def test_an_attack_that_searches_the_machine_scores_nothing(planted, level):
    source = (ATTACKS / "read_planted_copies.py").read_text()
    r = grade_source(SOFTMAX, source, "softmax.py", make_judge(level, load_timeout=8), budget_s=20)
    assert r.sandbox == expected_level(level)
    assert r.score == 0 and r.status == "not_attempted"


def test_a_hidden_folder_inside_the_python_installation_is_covered(tmp_path, level):
    """A non-editable install puts grader/hidden (which the judge needs) into site-packages, which
    the child must see: there, and for any other folder the judge reveals, it is shown empty."""
    site = tmp_path / "site"
    shutil.copytree(paths.HIDDEN_DIR, site / "grader" / "hidden")
    shutil.copytree(paths.SOLUTIONS_DIR, site / "solutions")
    (site / "helper.py").write_text("VALUE = 7\n")
    got = probe(make_judge(level, reveal=[str(site)]), """
sys.path.insert(0, args[0])
import helper
return [helper.VALUE, ls(args[0] + '/grader/hidden'), ls(args[0] + '/solutions')]
""", str(site))
    assert got == [7, [], []]


# ------------------------------------------------------------------ 3. its own /proc
def test_proc_and_mountinfo_show_nothing_of_the_host(level, tmp_path):
    marker = f"learn-marker-{uuid.uuid4().hex[:8]}"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", marker])
    try:
        got = probe(make_judge(level, hide=[*HIDE, str(tmp_path)]), """
cmdlines = [read(f'/proc/{p}/cmdline') for p in os.listdir('/proc') if p.isdigit()]
return {'pids': sorted(p for p in os.listdir('/proc') if p.isdigit()),
        'cmdlines': b' '.join(c for c in cmdlines if type(c) is bytes).decode(errors='replace'),
        'mountinfo': open('/proc/self/mountinfo').read()}
""")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert got["pids"] == ["1"]                                  # only itself
    assert marker not in got["cmdlines"]                          # no root process's command line
    for secret in (*HIDE, str(tmp_path), "/solutions", "/hidden"):
        assert secret not in got["mountinfo"], secret             # the view holds none of them


# ------------------------------------------------------------------ 4. children apart from each other
def _pid_namespace(pid: int) -> str:
    return os.readlink(f"/proc/{pid}/ns/pid")


def _in_namespace(ns: str) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/ns/pid") == ns:
                    out.append(int(name))
            except OSError:
                pass
    return out


VICTIM = SOLUTION + "\nimport ctypes\nctypes.CDLL(None).prctl(15, b'learn-victim', 0, 0, 0)   # PR_SET_NAME\n"


def test_a_daemon_cannot_touch_the_next_learner_and_dies_with_its_grade(level):
    judge = make_judge(level)
    before = host_leftovers()
    attacker = judge.open((ATTACKS / "daemon.py").read_text(), "softmax.py", "softmax")
    assert attacker.hello.ok and attacker.sandbox == expected_level(level)
    ns = _pid_namespace(attacker.init)
    end = time.monotonic() + 5
    while len(_in_namespace(ns)) < 2 and time.monotonic() < end:   # the daemon is running
        time.sleep(0.05)
    assert len(_in_namespace(ns)) >= 2, "the daemon did not start"
    try:
        honest = grade_source(SOFTMAX, VICTIM, "softmax.py", judge)   # while the daemon hunts for it
    finally:
        attacker.close()
    assert honest.score == honest.max_score > 0, [(c.id, c.message) for c in honest.checks if c.message]
    end = time.monotonic() + 3
    while _in_namespace(ns) and time.monotonic() < end:
        time.sleep(0.05)
    assert _in_namespace(ns) == [], "a process of the grade outlived it"
    assert host_leftovers() <= before, "shared memory or files were left on the host"


@pytest.mark.skipif(not IS_ROOT, reason="user ids of the children's own need root")
def test_each_child_has_a_user_id_of_its_own():
    judge = make_judge("root")
    a, b = (judge.open("import os\ndef uid():\n    return os.getuid()\n", "u.py") for _ in range(2))
    ua, ub = a.call("uid").value, b.call("uid").value
    a.close()
    b.close()
    assert ua != ub and min(ua, ub) > UID_BASE and 65534 not in (ua, ub)


def test_no_new_privileges_and_only_private_writable_places(level):
    got = probe(make_judge(level), """
status = open('/proc/self/status').read()
out = {'nnp': [l.split()[1] for l in status.splitlines() if l.startswith('NoNewPrivs')][0], 'wrote': []}
for folder in ('/tmp', '/dev/shm', '/var/tmp', '/run/lock', '/usr', '/etc', '/', os.path.dirname(sys.executable)):
    try:
        with open(folder + '/learn-attack-probe', 'w') as f:
            f.write('x')
        out['wrote'].append(folder)
    except OSError:
        pass
out['mounts_rw'] = sorted({l.split()[4] for l in open('/proc/self/mountinfo') if 'rw' in l.split()[5].split(',')})
out['chmod_null'] = 'done'
try:
    os.chmod('/dev/null', 0o600)
except OSError as e:
    out['chmod_null'] = type(e).__name__
return out
""")
    assert got["nnp"] == "1"
    assert got["chmod_null"] != "done" and os.stat("/dev/null").st_mode & 0o666 == 0o666
    assert sorted(got["wrote"]) == ["/dev/shm", "/tmp"]     # both its own, empty tmpfs
    assert got["mounts_rw"] == ["/dev/shm", "/proc", "/tmp"]  # every other mount is read-only
    assert not os.path.exists("/usr/learn-attack-probe") and not os.path.exists("/etc/learn-attack-probe")


def test_a_child_stopped_or_killed_from_outside_is_not_blamed(level):
    judge = make_judge(level)
    x = torch.ones(3)
    w = judge.open(SOLUTION, "softmax.py", "softmax")
    os.kill(w.init, signal.SIGSTOP)                 # someone else stops it
    r = w.call("softmax", (x,), timeout=1)
    assert r.status == J.INTERRUPTED and "stopped from outside" in r.message
    message = problem_for(r, "softmax(x)").message.en
    assert "not a fault in your code" in message and "loop" not in message

    w = judge.open(SOLUTION, "softmax.py", "softmax")
    os.kill(w.init, signal.SIGKILL)                 # someone else ends it
    r = w.call("softmax", (x,), timeout=1)
    assert r.status in (J.CRASHED, J.INTERRUPTED)
    assert "from outside" in (problem_for(r, "softmax(x)").message.en + r.message)

    # a child that stops itself is not "stopped from outside": the kernel ignores it
    r = grade_source(SOFTMAX, (ATTACKS / "stop_self.py").read_text(), "softmax.py", judge, budget_s=10)
    assert r.score == 0 and r.status == "not_attempted"
    assert not any("outside" in c.message.en for c in r.checks if c.message)

    # stopped while it loads
    server = J._SERVER[1]
    before = descendants(server)

    def stop_it():
        time.sleep(0.5)
        for pid in descendants(server) - before:
            os.kill(pid, signal.SIGSTOP)
    threading.Thread(target=stop_it).start()
    w = Judge(hide=HIDE, userns=level == "userns", load_timeout=2).open(
        "import time\ntime.sleep(1)\n" + SOLUTION, "softmax.py", "softmax")
    assert w.hello.status == J.INTERRUPTED, w.hello


# ------------------------------------------------------------------ 6. frames the judge cannot parse
@pytest.mark.parametrize("attack, words", [("deep_frame", "nested too deeply"),
                                           ("deep_frame_at_import", "nested too deeply"),
                                           ("bad_shape_at_import", "malformed shape")])
def test_unreadable_frames_are_verdicts(attack, words, level):
    r = grade_source(SOFTMAX, (ATTACKS / f"{attack}.py").read_text(), "softmax.py", make_judge(level),
                     budget_s=20)
    assert r.score == 0
    counted = [c for c in r.checks if c.counted]
    assert all(c.outcome is Outcome.ERROR for c in counted)
    assert any(words in c.message.en for c in counted)


@pytest.mark.parametrize("expression", ["-" * 300_000 + "1", "a" + ".b" * 300_000], ids=["unary", "attributes"])
def test_a_file_too_deep_for_the_parser_is_not_run(expression, judge):
    r = grade_source(SOFTMAX, f"x = {expression}\n", "softmax.py", judge)
    counted = [c for c in r.checks if c.counted]
    assert r.score == 0 and all(c.outcome is Outcome.ERROR for c in counted)
    assert "could not be read as Python by the grader" in counted[0].message.en
    assert r.sandbox in ("", "unknown")            # no child was started


# ------------------------------------------------------------------ 5. text that is not UTF-8
def test_lone_surrogates_from_the_child_are_escaped_once(level, tmp_path):
    r = grade_source(SOFTMAX, (ATTACKS / "surrogates.py").read_text(), "softmax.py", make_judge(level))
    text = json.dumps(r.to_json(), ensure_ascii=False)
    text.encode("utf-8")                                     # JSON output can be written
    assert "\\ud800" in text and "\\udc80" in text           # escaped, not lost
    print(text)                                              # printing works
    store = Store(tmp_path / "p.db")
    store.record("kim", r)                                   # and storing
    assert [a["score"] for a in store.attempts(learner="kim")] == [0]
    store.close()


def _learn(ws: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "grader.cli", "--workspace", str(ws), "--lang", "en",
                           "--learner", "kim", *args], env=env, capture_output=True, timeout=300)


@pytest.mark.slow
def test_learn_grade_does_not_crash_on_any_of_them(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    for source in [(ATTACKS / f"{a}.py").read_text() for a in ("surrogates", "deep_frame_at_import",
                                                               "bad_shape_at_import", "flood_messages")] \
            + ["x = " + "-" * 300_000 + "1\n"]:
        (ws / "softmax.py").write_text(source, encoding="utf-8")
        for args in (("grade", "softmax"), ("grade", "softmax", "--json")):
            p = _learn(ws, *args)
            assert p.returncode == 1, (args, source[:60], p.stderr.decode(errors="replace")[-2000:])
            assert b"Traceback" not in p.stderr
            assert len(p.stdout) < 200_000
    (ws / "softmax.py").write_text("# " + "x" * (limits.MAX_SOURCE_BYTES + 10) + "\n")
    p = _learn(ws, "grade", "softmax")
    assert p.returncode == 2 and b"1024 KiB" in p.stdout + p.stderr


# ------------------------------------------------------------------ 8. bounded costs
def test_a_file_over_the_limit_is_not_read_parsed_or_run(judge):
    start = time.perf_counter()
    r = grade_source(SOFTMAX, "x = 1\n" * 5_000_000, "softmax.py", judge)      # 30 MB
    assert time.perf_counter() - start < 2
    assert r.sandbox in ("", "unknown") and r.score == 0
    assert all("1024 KiB" in c.message.en for c in r.checks if c.counted)


def test_a_huge_announced_reply_is_refused_before_allocating(level):
    tracemalloc.start()
    try:
        r = grade_source(SOFTMAX, (ATTACKS / "huge_frame_header.py").read_text(), "softmax.py",
                         make_judge(level), budget_s=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.score == 0
    assert any("over the limit" in c.message.en for c in r.checks if c.counted)
    assert peak < 64 << 20, f"the judge allocated {peak >> 20} MiB"


def test_messages_and_output_are_capped_in_the_parent(level, tmp_path):
    r = grade_source(SOFTMAX, (ATTACKS / "flood_messages.py").read_text(), "softmax.py", make_judge(level))
    counted = [c for c in r.checks if c.counted]
    assert r.score == 0 and counted
    for c in counted:
        assert len(c.message.en) <= limits.MAX_CHECK_MESSAGE_CHARS + 40
        assert len(c.message.ko) <= limits.MAX_CHECK_MESSAGE_CHARS + 40
        assert len(c.output) <= limits.MAX_SHOWN_OUTPUT + 40
    assert len(json.dumps(r.to_json())) < 200_000
    store = Store(tmp_path / "p.db")
    store.record("kim", r)
    store.close()
    assert (tmp_path / "p.db").stat().st_size < 1 << 20


def test_loading_counts_against_the_budget(level):
    r = grade_source(SOFTMAX, (ATTACKS / "slow_load_then_crash.py").read_text(), "softmax.py",
                     make_judge(level, load_timeout=5), budget_s=5)
    assert r.score == 0
    assert r.seconds < 5 + 2, r.seconds                      # 15 checks x 2 s of loading without the fix
    assert any("budget" in c.message.en for c in r.checks if c.counted)


# ------------------------------------------------------------------ 9. a checkout under a private folder
def test_code_under_private_folders_is_importable(level):
    """A checkout whose parent folder is private (mode 700, like /root or a fresh `mktemp -d`),
    holding a private folder of its own."""
    top = Path(tempfile.mkdtemp(prefix="learn-private-"))
    try:
        lib = top / "repo" / ".vault" / "lib"
        (lib / "helperpkg").mkdir(parents=True)
        (lib / "helperpkg" / "__init__.py").write_text("VALUE = 42\n")
        (top / "repo" / ".vault" / "secret.txt").write_text("do not read")
        (top / "repo" / ".vault").chmod(0o700)
        assert top.stat().st_mode & 0o777 == 0o700
        got = probe(make_judge(level, reveal=[str(lib)]), """
sys.path.insert(0, args[0])
import helperpkg
return [helperpkg.VALUE, os.path.exists(args[1])]
""", str(lib), str(top / "repo" / ".vault" / "secret.txt"))
        assert got == [42, False]
    finally:
        shutil.rmtree(top)


# ------------------------------------------------------------------ the wheel carries no solutions
def test_verify_says_clearly_when_there_are_no_solutions(monkeypatch, tmp_path, judge):
    from grader.verify import verify_exercise
    monkeypatch.setattr(paths, "SOLUTIONS_DIR", tmp_path / "solutions")
    monkeypatch.setattr(paths, "WRONG_DIR", tmp_path / "solutions" / "wrong")
    monkeypatch.setattr(paths, "RIGHT_DIR", tmp_path / "solutions" / "right")
    found = verify_exercise(SOFTMAX, judge)
    solution = [f for f in found if f.subject == "solution"]
    assert len(solution) == 1 and not solution[0].ok
    assert "not installed with the package" in solution[0].detail and "checkout" in solution[0].detail
    kept = [f for f in found if f.kind in ("solution", "stub")]
    assert [f.subject for f in kept] == ["solution", "stub"] and found[1].ok
    assert all(f.ok for f in found if f.subject.startswith("nonanswer/"))   # stubs made hollow need no solutions


def test_the_wheel_carries_the_hidden_checks_but_no_solutions():
    import tomllib

    from setuptools import find_namespace_packages
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = find_namespace_packages(where=str(paths.ROOT), include=include)
    assert "grader.hidden" in packages
    assert not [p for p in packages if p.split(".")[0] in ("solutions", "tests")]


def test_the_limits_are_documented():
    text = (paths.ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for name in ("MAX_SOURCE_BYTES", "SUBMISSION_BUDGET_S", "MAX_FRAME_HEADER", "MAX_FRAME_PAYLOAD",
                 "MAX_MESSAGE_CHARS", "MAX_OUTPUT_CHARS", "MAX_CHECK_MESSAGE_CHARS", "MAX_SHOWN_OUTPUT"):
        assert hasattr(limits, name) and name in text, name


def test_sqlite_and_json_take_what_the_codec_lets_through():
    """The codec escapes lone surrogates in every string it decodes, keys included."""
    from grader import codec
    frame = codec.encode({"k\ud800": ["\udc80", {"x": "\ud800"}]})
    n = int.from_bytes(frame[:4], "big")
    value = codec.decode(frame[4:4 + n], frame[4 + n:])
    text = json.dumps(value, ensure_ascii=False)
    text.encode("utf-8")
    sqlite3.connect(":memory:").execute("select ?", (text,))
