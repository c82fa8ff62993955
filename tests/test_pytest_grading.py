"""`learn grade` goes through pytest: the same results as the fast path, and a configuration no learner can touch."""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import catalog, paths, pytest_grading, runner
from grader.cli import main
from grader.pytest_plugin import Target

TESTS = Path(__file__).parent
WRONG = paths.WRONG_DIR / "softmax" / "no_max_subtracted.py"

#: one of each: full marks, untouched, printed output and named mistakes, a banned API (by source
#: and by call trace), a learner exception, a file that does not load, a crash mid-call, a timeout
#: (the child is reopened after each), kept objects (nn.Module handles), other call time limits
SAMPLE = [
    ("softmax", paths.SOLUTIONS_DIR / "softmax.py"),
    ("softmax", paths.EXERCISES_DIR / "softmax" / "stub.py"),
    ("softmax", WRONG),
    ("softmax", paths.WRONG_DIR / "softmax" / "uses_torch_softmax.py"),
    ("softmax", paths.WRONG_DIR / "softmax" / "max_tuple.py"),
    ("softmax", TESTS / "golden" / "softmax-syntax-error" / "softmax.py"),
    ("softmax", TESTS / "attacks" / "exit_in_call.py"),
    ("chain_rule", paths.WRONG_DIR / "chain_rule" / "sum_grad_autograd.py"),
    ("one_hot", paths.WRONG_DIR / "one_hot" / "class_dim_first.py"),
    ("epoch_math", paths.WRONG_DIR / "epoch_math" / "counts_with_loop.py"),
    ("train_loop", paths.SOLUTIONS_DIR / "train_loop.py"),
    ("cnn_shapes", paths.WRONG_DIR / "cnn_shapes" / "bottleneck_missing_expand.py"),
]


def fields(result) -> dict:
    """Everything a result says, but how long it took."""
    out = {k: v for k, v in vars(result).items() if k not in ("checks", "seconds")}
    out["checks"] = [{k: v for k, v in vars(c).items() if k != "seconds"} for c in result.checks]
    return out


@pytest.mark.parametrize("exercise,path", SAMPLE, ids=[f"{e}-{p.parent.name}-{p.stem}" for e, p in SAMPLE])
def test_pytest_and_the_fast_path_grade_alike(exercise, path, judge):
    ex, source = catalog.get(exercise), path.read_text(encoding="utf-8")
    fast = runner.grade_source(ex, source, f"{exercise}.py", judge)
    through_pytest = pytest_grading.grade_source(ex, source, f"{exercise}.py", judge)
    assert fields(through_pytest) == fields(fast)


def test_no_plugin_loads_from_the_environment_and_the_environment_is_put_back(judge, monkeypatch):
    monkeypatch.setenv("PYTEST_ADDOPTS", "-k basic_vector")
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin_anywhere")
    before = dict(os.environ)
    ex = catalog.get("softmax")
    collector = pytest_grading.Collector(Target(WRONG.read_text(), "softmax.py", judge, ex))
    pytest_grading.run(ex, collector)
    assert dict(os.environ) == before
    assert {"grader.pytest_plugin", "python", "skipping"} <= set(collector.plugins)
    autoloaded = {"benchmark", "hypothesispytest", "pytester", "cacheprovider", "terminalreporter"}
    assert not autoloaded & set(collector.plugins), collector.plugins
    from grader.checks import collect
    assert len(collector.checks) == len([v for spec in collect(ex.hidden_module) for v in spec.variants()])


# ------------------------------------------------------------------ nothing a learner writes configures pytest
FORCE_PASS = '''import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report

def pytest_collection_modifyitems(items):
    items[:] = items[:1]
'''
HOSTILE = {
    "conftest.py": FORCE_PASS,
    "pytest.ini": "[pytest]\naddopts = -k basic_vector -p no:grader.pytest_plugin\npython_functions = nothing\n",
    "pyproject.toml": '[tool.pytest.ini_options]\naddopts = "-k basic_vector"\npython_functions = ["nothing"]\n',
    "setup.cfg": "[tool:pytest]\naddopts = -k basic_vector\n",
    "tox.ini": "[pytest]\naddopts = -k basic_vector\npython_functions = nothing\n",
}


def grade_json(ws: Path) -> dict:
    r = CliRunner().invoke(main, ["--workspace", str(ws), "--learner", "kim", "grade", "softmax", "--json"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.output.strip().splitlines()[-1])
    return {"score": data["score"], "max_score": data["max_score"],
            "checks": [(c["id"], c["outcome"], c["message"], c["mistake"]) for c in data["checks"]]}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A learner's folder that holds the installed course too (a virtual environment in their home
    folder): walking up from the hidden suite, pytest would read their configuration and conftest.py.
    It is the working directory as well, and on sys.path."""
    ws = tmp_path / "home"
    hidden = ws / "venv" / "site-packages" / "grader" / "hidden"
    hidden.mkdir(parents=True)
    for init in (hidden / "__init__.py", hidden.parent / "__init__.py"):
        init.touch()
    shutil.copy(paths.HIDDEN_DIR / "test_softmax.py", hidden)
    monkeypatch.setattr(paths, "HIDDEN_DIR", hidden)
    shutil.copy(WRONG, ws / "softmax.py")
    monkeypatch.chdir(ws)
    monkeypatch.syspath_prepend(str(ws))
    return ws


@pytest.fixture(scope="module")
def clean_verdict(tmp_path_factory):
    ws = tmp_path_factory.mktemp("clean")
    shutil.copy(WRONG, ws / "softmax.py")
    verdict = grade_json(ws)
    assert 0 < verdict["score"] < verdict["max_score"]
    return verdict


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_config_file_in_the_workspace_changes_no_verdict(name, workspace, clean_verdict):
    (workspace / name).write_text(HOSTILE[name])
    assert grade_json(workspace) == clean_verdict


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_these_files_would_change_the_verdict_of_an_unlocked_pytest(name, workspace, monkeypatch):
    """The tests above can fail: without -c, --rootdir and --noconftest, pytest finds each file
    (above the installed suite) and runs fewer checks, or none, or passes them all."""
    (workspace / name).write_text(HOSTILE[name])
    unlocked = [a for a in pytest_grading.pytest_args(catalog.get("softmax")) if a != "--noconftest"][4:]
    assert unlocked[0] != "-c" and "--rootdir" not in unlocked
    monkeypatch.setattr(pytest_grading, "pytest_args", lambda exercise: unlocked)
    r = CliRunner().invoke(main, ["--workspace", str(workspace), "--learner", "kim", "grade", "softmax", "--json"])
    assert isinstance(r.exception, pytest_grading.GradingError), r.output
    from grader.checks import collect
    checks = len([v for spec in collect(catalog.get("softmax").hidden_module) for v in spec.variants()])
    assert f"of the suite's {checks} checks got a verdict" in str(r.exception)


@pytest.mark.parametrize("variable,value", [("PYTEST_ADDOPTS", "-k basic_vector -p learner_plugin"),
                                            ("PYTEST_PLUGINS", "learner_plugin")])
def test_pytest_variables_in_the_environment_change_no_verdict(variable, value, workspace, clean_verdict,
                                                               monkeypatch):
    (workspace / "learner_plugin.py").write_text(FORCE_PASS)
    monkeypatch.setenv(variable, value)
    assert grade_json(workspace) == clean_verdict


def test_config_files_in_a_class_folder_change_no_verdict(tmp_path, judge):
    cls = tmp_path / "class"
    for learner, source in {"alice": paths.SOLUTIONS_DIR / "softmax.py", "bob": WRONG}.items():
        (cls / learner).mkdir(parents=True)
        shutil.copy(source, cls / learner / "softmax.py")
        for name, text in HOSTILE.items():
            (cls / learner / name).write_text(text)
    for name, text in HOSTILE.items():
        (cls / name).write_text(text)
    (cls / "class.toml").write_text('items = ["softmax"]\n')
    r = CliRunner().invoke(main, ["class", "grade", str(cls), "--jobs", "1", "--json"])
    rows = {row["learner"]: row for row in map(json.loads, filter(None, r.stdout.splitlines()))
            if row.get("item", row.get("exercise")) == "softmax"}
    ex = catalog.get("softmax")
    for learner, source in {"alice": paths.SOLUTIONS_DIR / "softmax.py", "bob": WRONG}.items():
        expected = runner.grade_source(ex, source.read_text(), "softmax.py", judge)
        assert rows[learner]["score"] == expected.score, rows[learner]
        assert [c["outcome"] for c in rows[learner]["checks"]] == [c.outcome.value for c in expected.checks]
