"""Common errors get a lesson: each case raises the real error from torch and checks the lesson found."""

import pytest
import torch

from grader.explain import explain


def _raise_twice():
    x = torch.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _leaf_in_place():
    w = torch.ones(2, requires_grad=True)
    w -= 0.1


CASES = {
    "(values, indices) pair": lambda: torch.ones(2, 3) - torch.ones(2, 3).max(dim=1, keepdim=True),
    "inner sizes differ": lambda: torch.ones(2, 3) @ torch.ones(2, 3),
    "do not broadcast": lambda: torch.ones(3) + torch.ones(4),
    "different dtypes": lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64),
    "cuts the autograd graph": lambda: torch.ones(2, requires_grad=True).numpy(),
    "updated in place": _leaf_in_place,
    "no autograd graph": lambda: torch.ones(2).sum().backward(),
    "backward() ran twice": _raise_twice,
    "a single number": lambda: (torch.ones(2, requires_grad=True) * 2).backward(),
    "one element": lambda: torch.ones(3).item(),
    "with one element": lambda: float(torch.ones(3)),
    "dim does not exist": lambda: torch.ones(3).sum(dim=1),
}


@pytest.mark.parametrize("lesson", CASES)
def test_real_torch_errors_get_their_lesson(lesson):
    with pytest.raises(Exception) as info:
        CASES[lesson]()
    got = explain(type(info.value).__name__, str(info.value))
    assert got is not None, f"{type(info.value).__name__}: {info.value}"
    assert lesson in got.en and got.ko


def test_unknown_errors_get_none():
    assert explain("ValueError", "labels must be integers") is None
    assert explain("TypeError", None) is None
    # the pattern is tied to its type: the same words in another exception are not the lesson
    assert explain("ValueError", "torch.return_types.max") is None


def test_returning_a_pair_or_a_size_is_explained():
    from grader.explain import explain_unsendable
    # the type names the child reports for these return values
    assert type(torch.max(torch.ones(2, 2), 1)).__name__ == "max"
    assert type(torch.ones(2).shape).__name__ == "Size"
    assert ".indices" in explain_unsendable("max").en and "argmax" in explain_unsendable("max").en
    assert "tuple(x.shape)" in explain_unsendable("Size").en
    assert explain_unsendable("Generator") is None


def test_a_size_inside_a_list_is_named_with_its_lesson():
    from grader.proxy import problem_for
    from grader.sandbox import judge as J
    p = problem_for(J.Reply(J.UNSENDABLE, type="list", message="a value of type Size cannot be sent"), "f()")
    assert "returned a list holding a Size" in p.message.en and "tuple(x.shape)" in p.message.en
    assert "Size가 든 list" in p.message.ko
    p = problem_for(J.Reply(J.UNSENDABLE, type="max", message="a value of type max cannot be sent"), "f()")
    assert "returned a max," in p.message.en and ".indices" in p.message.en
