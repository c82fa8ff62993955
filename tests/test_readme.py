"""README.md opens with exactly two set-up commands: the demo, then the tests; CI runs that same test command."""

import re

from grader import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def _first_block() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_opens_with_the_demo_and_the_test_command():
    assert README.index("```bash") < README.index("##")            # before any section
    demo, tests = _first_block()
    assert (paths.ROOT / demo).is_file() and (paths.ROOT / tests).is_file()
    assert "demo" in demo and "test" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = _first_block()
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] in (f"exec bash {tests.lstrip('./')}", f"exec {tests}", f"exec bash {tests}")
