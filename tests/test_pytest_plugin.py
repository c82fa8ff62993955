"""The hidden suites are a pytest suite: plain pytest runs them against a file with grader.pytest_plugin."""

import os
import subprocess
import sys
import tomllib

import pytest
import torch

from grader import catalog, paths, pytest_plugin
from grader.checks import ID_MARK, POINTS_MARK, TIMEOUT_MARK, NotACheck, check, collect, spec_of
from grader.pytest_grading import locked_environment, pytest_args

WRONG = paths.WRONG_DIR / "softmax" / "no_max_subtracted.py"
CUDA = torch.cuda.is_available()
SUITE = ["--pyargs", "grader.hidden.test_softmax", "-p", "grader.pytest_plugin"]


def test_the_plugin_is_a_pytest11_entry_point_named_as_its_module():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["pytest11"] == {"grader.pytest_plugin": "grader.pytest_plugin"}
    assert callable(pytest_plugin.pytest_addoption) and callable(pytest_plugin.sub)


def test_plain_pytest_shows_the_teaching_message_not_a_traceback(tmp_path):
    """The real command, in a fresh interpreter, from a folder of its own."""
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    r = subprocess.run([sys.executable, "-m", "pytest", *SUITE, f"--submission={WRONG}", "-rs"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    out = r.stdout
    assert r.returncode == 1, out + r.stderr
    assert "large_logits [failed, 0/2]" in out
    assert "subtract the max of each slice along dim before exp" in out
    assert "Traceback" not in out and "grader/proxy.py" not in out and "grader/compare.py" not in out
    assert "learn: 14/19 points" in out
    if not CUDA:
        assert "5 skipped check(s) not counted" in out and "no CUDA device here" in out


@pytest.fixture
def run(pytester):
    """pytest on the softmax suite against a file, in process (the fork server is already warm)."""
    def run_(*args, submission=WRONG):
        return pytester.runpytest(*SUITE, f"--submission={submission}", *args)
    return run_


def test_k_selects_checks_by_function_name_or_check_id(run):
    run("-k", "np_large_logits").assert_outcomes(failed=1)               # the check id of test_np_large
    # test_large_logits[cpu], [cuda], and test_np_large by its id
    run("-k", "large_logits").assert_outcomes(failed=3 if CUDA else 2, skipped=0 if CUDA else 1)


@pytest.mark.skipif(CUDA, reason="checks that the cuda cases are skipped where there is no CUDA")
def test_m_gpu_selects_the_cuda_cases_which_are_skipped_here(run):
    r = run("-m", "gpu", "-rs")
    r.assert_outcomes(skipped=5)
    r.stdout.fnmatch_lines(["*no CUDA device here*"])


def test_collect_only_lists_every_case_and_q_is_quiet(run):
    r = run("--collect-only", "-q")
    assert r.ret == 0
    from grader import catalog
    from grader.checks import collect
    cases = len([v for spec in collect(catalog.get("softmax").hidden_module) for v in spec.variants()])
    r.stdout.fnmatch_lines(["*::test_basic_vector[[]cpu[]]", "*::test_basic_vector[[]cuda[]]", "*::test_np_integer",
                            f"{cases} tests collected*"])


def test_x_stops_at_the_first_failure_and_lf_reruns_the_failures(run):
    first = run("-x")
    first.assert_outcomes(passed=8 if CUDA else 5, failed=1, skipped=0 if CUDA else 3)
    again = run("--lf")
    again.assert_outcomes(failed=1)
    solution = run("--lf", submission=paths.SOLUTIONS_DIR / "softmax.py")
    solution.assert_outcomes(passed=1)


def test_a_file_that_does_not_load_fails_every_check_with_why(run, tmp_path):
    broken = tmp_path / "softmax.py"
    broken.write_text("def softmax(x:\n")
    r = run(submission=broken)
    from grader import catalog
    from grader.checks import collect
    specs = collect(catalog.get("softmax").hidden_module)
    cuda = sum(1 for spec in specs for _, device in spec.variants() if device == "cuda")
    r.assert_outcomes(failed=len(specs) + (cuda if CUDA else 0), skipped=0 if CUDA else cuda)
    assert "could not be loaded: SyntaxError" in r.stdout.str() and "Traceback" not in r.stdout.str()


def test_a_configuration_file_next_to_the_submission_is_refused(pytester):
    learner = pytester.mkdir("alice")
    (learner / "softmax.py").write_text(WRONG.read_text())
    (learner / "tox.ini").write_text("[pytest]\naddopts = -k basic_vector\n")
    r = pytester.runpytest(*SUITE, "--submission", str(learner / "softmax.py"))
    assert r.ret == pytest.ExitCode.USAGE_ERROR
    r.stderr.fnmatch_lines(["*tox.ini, which lies with the submission*"])


def test_the_markers_and_the_collected_cases_are_the_fast_paths_checks():
    """pytest collects, for every suite, exactly the (id, points, device) cases collect() gives."""
    for ex in catalog.load_catalog():
        seen = []

        class Grab:
            def pytest_collection_finish(self, session):
                seen.extend((item.stash[pytest_plugin.VARIANT].id, item.stash[pytest_plugin.VARIANT].spec.points)
                            for item in session.items)

        with locked_environment():
            code = pytest.main([*pytest_args(ex), "--collect-only"], plugins=[pytest_plugin, Grab()])
        assert code == pytest.ExitCode.OK
        assert seen == [(vid, s.points) for s in collect(ex.hidden_module) for vid, _ in s.variants()], ex.id


def test_check_is_sugar_for_the_markers():
    @check("twice", points=2, cuda=True, timeout=9)
    def test_twice(sub, device):
        pass

    @pytest.mark.check_id("twice")
    @pytest.mark.points(2)
    @pytest.mark.call_timeout(9)
    def test_by_hand(sub, device):
        pass

    for fn in (test_twice, test_by_hand):
        spec = spec_of(fn)
        assert (spec.id, spec.points, spec.devices, spec.timeout) == ("twice", 2, ("cpu", "cuda"), 9.0)
        assert {m.name for m in fn.pytestmark} == {ID_MARK, POINTS_MARK, TIMEOUT_MARK}
    assert spec_of(test_twice).variants() == [("twice", "cpu"), ("twice[cuda]", "cuda")]


def test_a_check_must_say_its_id_points_and_what_it_takes():
    with pytest.raises(TypeError, match="needs a `device` parameter"):
        check("a", cuda=True)(lambda sub: None)
    with pytest.raises(ValueError, match="at least one point"):
        check("a", points=0)

    @pytest.mark.check_id("a")
    def test_no_points(sub):
        pass

    @pytest.mark.check_id("a")
    @pytest.mark.points(1)
    def test_asks_for_tmp_path(sub, tmp_path):
        pass

    with pytest.raises(NotACheck, match="at least one point"):
        spec_of(test_no_points)
    with pytest.raises(NotACheck, match="takes `sub`"):
        spec_of(test_asks_for_tmp_path)
