"""Shared fixtures. The warm sandbox parent is forked here, before any test runs a torch op."""

import numpy  # noqa: F401
import torch

from grader.sandbox import prefork

prefork()
torch.set_num_threads(1)   # as the CLI's judge does: tiny tensors, one thread

import pytest  # noqa: E402

from grader import paths  # noqa: E402
from grader.sandbox import Judge  # noqa: E402

# the hidden suites' markers and fixtures (and pytester, to run pytest on them from a test)
pytest_plugins = ["grader.pytest_plugin", "pytester"]


@pytest.fixture(scope="session")
def judge():
    j = Judge(hide=[str(p) for p in paths.secret_dirs()], warm=True)
    yield j
    j.close()
