"""Every known attack scores 0, changes no stored or learner data, and leaves the judge working."""

import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader import catalog, paths
from grader.checks import Outcome
from grader.runner import grade_source
from grader.sandbox import Judge
from grader.sandbox import judge as J
from grader.sandbox.isolation import UID_BASE
from grader.store import Store

ATTACKS = Path(__file__).parent / "attacks"
NEEDS_ROOT = {"read_solutions", "tamper_files", "kill_judge", "read_planted_copies", "daemon"}
IS_ROOT = os.geteuid() == 0
#: where a child could leave things on the host if its /tmp and /dev/shm were not its own
HOST_SCRATCH = ("/tmp", "/dev/shm", "/var/tmp", "/run/lock")


def host_leftovers() -> set:
    """Files named by an attack in the host's scratch folders, and SysV shared memory segments."""
    out = set()
    for folder in HOST_SCRATCH:
        try:
            out |= {f"{folder}/{n}" for n in os.listdir(folder) if n.startswith("learn-attack")}
        except OSError:
            pass
    try:
        with open("/proc/sysvipc/shm") as f:
            out |= {f"shm:{line.split()[0]}" for line in list(f)[1:]}
    except OSError:
        pass
    return out


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (by parent links)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != b"Z":
                children.setdefault(int(fields[1]), []).append(int(name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def no_process_outlives(server: int, timeout: float = 3.0) -> set[int]:
    """Processes the fork server's children left behind (waiting a moment for them to end)."""
    end = time.monotonic() + timeout
    while (left := descendants(server)) and time.monotonic() < end:
        time.sleep(0.05)
    return left


def digest(folder: Path, pattern: str = "*") -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob(pattern)) if p.is_file() and "__pycache__" not in p.parts}


def _userns_available() -> bool:
    """Whether this kernel lets a process make a user namespace (as learners without root need)."""
    import ctypes
    pid = os.fork()
    if pid == 0:
        os._exit(0 if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0 else 1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


USERNS = _userns_available()


@pytest.fixture(params=["as_root" if IS_ROOT else "plain", "userns"])
def classroom(tmp_path, request):
    """A workspace with some learner work and a store holding an earlier attempt; the judge
    confines children as root does, or as a user without root does (a user namespace)."""
    if request.param == "userns" and not USERNS:
        pytest.skip("this kernel does not allow unprivileged user namespaces")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "one_hot.py").write_text("# my work on one_hot\n")
    db = ws / ".learn" / "progress.db"
    store = Store(db)
    softmax = catalog.get("softmax")
    earlier = grade_source(softmax, paths.SOLUTIONS_DIR.joinpath("softmax.py").read_text(), "softmax.py",
                           Judge(hide=[str(p) for p in paths.secret_dirs()]))
    store.record("alice", earlier)
    rows = store.attempts()
    store.close()
    judge = Judge(hide=[*map(str, paths.secret_dirs()), str(ws)], load_timeout=3,
                  userns=request.param == "userns")
    return ws, db, rows, judge


@pytest.mark.parametrize("attack", sorted(p.stem for p in ATTACKS.glob("*.py")))
def test_attack_scores_nothing_and_changes_nothing(attack, classroom):
    ws, db, rows_before, judge = classroom
    if attack in NEEDS_ROOT and not IS_ROOT and not USERNS:
        pytest.skip("hiding and protecting files needs root or a user namespace")
    source = (ATTACKS / f"{attack}.py").read_text().replace("{{DB}}", str(db)).replace(
        "{{WORKSPACE}}", str(ws))
    code_before = digest(paths.ROOT / "grader", "runner.py")
    files_before = digest(ws)
    host_before = host_leftovers()
    result = grade_source(catalog.get("softmax"), source, str(ws / "softmax.py"), judge, budget_s=6)

    assert result.seconds < 6 + 3, "the submission ran past its budget (loading counts)"
    assert not no_process_outlives(J._SERVER[1]), "a process the submission started outlived the grade"
    assert host_leftovers() <= host_before, "the submission left files or shared memory on the host"
    assert result.score == 0, [(c.id, c.outcome) for c in result.checks if c.outcome is Outcome.PASSED]
    assert result.status != "passed"
    assert all(c.message is not None for c in result.checks if c.outcome is not Outcome.SKIPPED)
    assert digest(ws) == files_before, "the submission changed files in the workspace or the store"
    assert digest(paths.ROOT / "grader", "runner.py") == code_before, "the submission changed the grader"
    store = Store(db)
    assert store.attempts() == rows_before
    store.record("mallory", result)
    assert [r["score"] for r in store.attempts(learner="mallory")] == [0]

    # the judge still grades the next submission correctly
    good = grade_source(catalog.get("softmax"), paths.SOLUTIONS_DIR.joinpath("softmax.py").read_text(),
                        "softmax.py", judge)
    assert good.score == good.max_score > 0


def test_timeouts_and_crashes_are_named_in_messages(classroom):
    ws, _, _, judge = classroom
    ex = catalog.get("softmax")
    hang = grade_source(ex, (ATTACKS / "infinite_loop.py").read_text(), "softmax.py", judge, budget_s=4)
    assert hang.checks[0].outcome is Outcome.TIMEOUT
    assert "loop" in hang.checks[0].message.en
    crash = grade_source(ex, (ATTACKS / "exit_in_call.py").read_text(), "softmax.py", judge)
    assert {c.outcome for c in crash.checks} <= {Outcome.ERROR, Outcome.SKIPPED}
    assert any("ended" in c.message.en or "SystemExit" in c.message.en for c in crash.checks if c.message)
    hog = grade_source(ex, (ATTACKS / "memory_hog.py").read_text(), "softmax.py", judge)
    assert any("MemoryError" in c.message.en or "RuntimeError" in c.message.en or "ended" in c.message.en
               for c in hog.checks if c.message)


@pytest.mark.skipif(not IS_ROOT, reason="namespaces and a user id of the child's own need root")
def test_child_is_confined(judge):
    marker = Path(tempfile.mkstemp(prefix="grader-only-")[1])
    w = judge.open("import os, socket\n"
                   "def probe():\n"
                   "    try:\n"
                   "        socket.create_connection(('127.0.0.1', 22), timeout=1); net = 'open'\n"
                   "    except OSError as e:\n"
                   "        net = type(e).__name__\n"
                   "    return [os.getuid(), os.path.exists(%r), net, sorted(os.environ), sorted(os.listdir('/tmp'))]\n"
                   % str(paths.SOLUTIONS_DIR), "probe.py")
    reply = w.call("probe")
    assert reply.ok, reply
    uid, solutions, net, env, tmp = reply.value
    assert tmp == ["scratch"]                                   # an empty /tmp of its own
    assert marker.name not in tmp
    assert uid > UID_BASE and uid != 65534                      # a user id of its own, not nobody
    assert solutions is False                                   # not in its view at all
    assert net != "open"
    assert "LEARN_DB" not in env and "HOME" in env
    w.close()
    marker.unlink()


@pytest.mark.skipif(not IS_ROOT, reason="namespaces and a user id of the child's own need root")
@pytest.mark.parametrize("parent", ["project", "tmp"])
def test_code_behind_a_private_folder_stays_importable_and_the_rest_hidden(parent):
    """Python or the project may live under a folder like /root (mode 700), or under /tmp,
    which the child otherwise sees empty."""
    vault = Path(tempfile.mkdtemp(prefix=".vault-", dir=paths.ROOT if parent == "project" else "/tmp"))
    (vault / "lib" / "helperpkg").mkdir(parents=True)
    (vault / "lib" / "helperpkg" / "__init__.py").write_text("VALUE = 42\n")
    (vault / "secret.txt").write_text("do not read")
    vault.chmod(0o700)
    judge = Judge(reveal=[str(vault / "lib")])
    w = judge.open("import sys, os\nsys.path.insert(0, %r)\n"
                   "def probe():\n"
                   "    import helperpkg\n"
                   "    return [helperpkg.VALUE, os.path.exists(%r)]\n" % (str(vault / "lib"), str(vault / "secret.txt")),
                   "probe.py")
    reply = w.call("probe")
    assert reply.ok, reply
    assert reply.value == [42, False]
    w.close()
    shutil.rmtree(vault)


def test_arguments_that_are_not_data_come_back_as_none(judge):
    from grader.codec import Build
    import torch
    w = judge.open("def f(x, g):\n    x.add_(1)\n    return 1\n", "f.py")
    r = w.call("f", (torch.zeros(2), Build("generator", {"seed": 1})), return_args=True)
    assert r.ok, r
    assert torch.equal(r.args_after[0], torch.ones(2)) and r.args_after[1] is None
    w.close()


def test_grad_mode_switched_off_by_a_call_is_restored_and_reported(judge):
    w = judge.open("import torch\n"
                   "def off():\n"
                   "    torch.set_grad_enabled(False)\n"
                   "def block():\n"
                   "    with torch.set_grad_enabled(False):\n"
                   "        return torch.is_grad_enabled()\n"
                   "def state():\n"
                   "    return torch.is_grad_enabled()\n", "probe.py")
    leak = w.call("off")
    assert leak.ok and "torch.grad_left_off" in leak.events
    assert "torch.set_grad_enabled.grad_off" in leak.events
    after = w.call("state")
    assert after.value is True and "torch.grad_left_off" not in after.events   # the next call starts clean
    scoped = w.call("block")
    assert scoped.value is False and "torch.set_grad_enabled.grad_off" in scoped.events
    assert "torch.grad_left_off" not in scoped.events
    w.close()


@pytest.mark.skipif(not USERNS, reason="this kernel does not allow unprivileged user namespaces")
def test_child_confined_as_without_root():
    """What a user namespace gives a learner who runs `learn` without root."""
    # a file of the user's, outside /tmp (which the child sees empty)
    places = [d for d in (paths.ROOT, Path.home()) if os.access(d, os.W_OK) and not str(d).startswith("/tmp")]
    if not places:
        pytest.skip("no writable folder outside /tmp to plant a file in")
    mine = Path(tempfile.mkstemp(prefix=".probe-", dir=places[0])[1])
    mine.write_text("the grader's file")
    try:
        judge = Judge(hide=[str(p) for p in paths.secret_dirs()], userns=True)
        w = judge.open("import ctypes, os, signal, socket\n"
                       "def ls(p):\n"
                       "    try:\n"
                       "        return os.listdir(p)\n"
                       "    except OSError as e:\n"
                       "        return type(e).__name__\n"
                       "def probe(judge_pid):\n"
                       "    out = {'pid': os.getpid(), 'procs': sorted(d for d in os.listdir('/proc') if d.isdigit()),\n"
                       "           'solutions': ls(%r), 'run': ls('/run'),\n"
                       "           'shm': os.listdir('/dev/shm')}\n"
                       "    for name, act in (('write', lambda: open(%r, 'a').write('x')),\n"
                       "                      ('kill', lambda: os.kill(judge_pid, signal.SIGTERM)),\n"
                       "                      ('net', lambda: socket.create_connection(('127.0.0.1', 22), timeout=1))):\n"
                       "        try:\n"
                       "            act(); out[name] = 'done'\n"
                       "        except OSError as e:\n"
                       "            out[name] = type(e).__name__\n"
                       "    libc = ctypes.CDLL(None, use_errno=True)\n"
                       "    out['umount'] = libc.umount2(%r.encode(), 2)\n"
                       "    out['remount'] = libc.mount(None, b'/', None, 32 | 4096, None)\n"
                       "    out['solutions_after'] = ls(%r)\n"
                       "    return out\n" % (str(paths.SOLUTIONS_DIR), str(mine), str(paths.SOLUTIONS_DIR),
                                             str(paths.SOLUTIONS_DIR)), "probe.py")
        reply = w.call("probe", (os.getpid(),))
        assert reply.ok, reply
        got = reply.value
        assert got["pid"] == 1 and got["procs"] == ["1"]              # its own PID namespace and /proc
        assert got["solutions"] == "FileNotFoundError" == got["solutions_after"]   # not in its view
        assert got["run"] == "FileNotFoundError" and got["shm"] == []   # no session sockets, no shared memory
        assert got["write"] in ("OSError", "PermissionError", "FileNotFoundError")   # read-only, or hidden
        assert mine.read_text() == "the grader's file"
        assert got["kill"] != "done" and got["net"] != "done"
        assert got["umount"] == -1 and got["remount"] == -1              # and it cannot undo any of it
        w.close()
    finally:
        mine.unlink()


def test_the_sandbox_reached_is_recorded(judge):
    from grader.sandbox.judge import SANDBOX_LEVELS
    ex = catalog.get("softmax")
    source = paths.SOLUTIONS_DIR.joinpath("softmax.py").read_text()
    r = grade_source(ex, source, "softmax.py", judge)
    assert r.sandbox in SANDBOX_LEVELS and r.to_json()["sandbox"] == r.sandbox
    if IS_ROOT:
        assert r.sandbox == "namespaces+uid"
    if USERNS:
        assert grade_source(ex, source, "softmax.py", Judge(userns=True)).sandbox == "userns"
