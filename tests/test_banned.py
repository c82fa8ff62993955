"""Finding banned APIs in source and in the child's call trace."""

from grader import banned
from grader.catalog import BanRule

RULES = (BanRule(("torch.softmax", "torch.nn.functional.softmax", "torch.nn.Softmax", "torch.Tensor.softmax",
                  "scipy.special.softmax")),
         BanRule(("torch.Tensor.backward", "torch.autograd.grad"), ("by_hand",)))


def found(source):
    return {(f.api, f.function) for f in banned.scan(source, RULES)}


def test_aliases_and_imports_are_resolved():
    src = ("import torch\nimport torch.nn.functional as F\nfrom torch import nn\n"
           "from scipy.special import softmax as sm\n"
           "def a(x):\n    return F.softmax(x, 1)\n"
           "def b(x):\n    return nn.Softmax(dim=1)(x)\n"
           "def c(x):\n    return torch.softmax(x, 1)\n"
           "def d(x):\n    return sm(x)\n")
    hits = found(src)
    assert ("torch.nn.functional.softmax", "a") in hits
    assert ("torch.nn.Softmax", "b") in hits
    assert ("torch.softmax", "c") in hits
    assert ("scipy.special.softmax", "d") in hits
    assert ("scipy.special.softmax", banned.MODULE_LEVEL) not in hits, "an import alone is not a use"


def test_an_api_banned_for_one_function_may_be_imported_for_another():
    src = ("from torch.autograd import grad\n"
           "def by_hand(x):\n    return 2 * x\n"
           "def with_autograd(f, x):\n    return grad(f(x), x)\n")
    assert found(src) == {("torch.autograd.grad", "with_autograd")}


def test_module_level_aliases_count_everywhere():
    src = "import torch\nsm = torch.softmax\ndef f(x):\n    return sm(x, -1)\n"
    assert ("torch.softmax", banned.MODULE_LEVEL) in found(src)


def test_method_calls_on_tensors():
    assert ("torch.Tensor.softmax", "f") in found("def f(x):\n    return x.softmax(-1)\n")


def test_honest_code_is_not_flagged():
    src = ("import torch\ndef softmax(x, dim=-1):\n    e = torch.exp(x - x.max(dim, keepdim=True).values)\n"
           "    return e / e.sum(dim, keepdim=True)\n")
    assert found(src) == set()


def test_a_syntax_error_finds_nothing():
    assert found("def f(:\n") == set()


def test_runtime_names_match_by_leaf_and_respect_function_scope():
    calls = {"torch._VariableFunctionsClass.softmax": 1, "TensorBase.exp": 2}
    assert [api for api, _ in banned.runtime_hits("softmax", calls, RULES)] == ["torch.softmax",
                                                                                "torch.nn.functional.softmax",
                                                                                "torch.nn.Softmax",
                                                                                "torch.Tensor.softmax",
                                                                                "scipy.special.softmax"]
    grads = {"torch._tensor.Tensor.backward": 1}
    assert banned.runtime_hits("other", grads, RULES) == []
    assert banned.runtime_hits("by_hand", grads, RULES)[0][0] == "torch.Tensor.backward"


def _counting(source, graded):
    return {(f.api, f.function) for f in banned.scan(source, RULES) if f.counts_for(graded)}


def test_a_main_block_never_counts():
    src = ("import torch\nimport torch.nn.functional as F\n"
           "def softmax(x):\n    e = (x - x.amax(-1, keepdim=True)).exp()\n    return e / e.sum(-1, keepdim=True)\n"
           "if __name__ == '__main__':\n    x = torch.randn(3)\n    print(torch.allclose(softmax(x), F.softmax(x, -1)))\n")
    assert ("torch.nn.functional.softmax", banned.MAIN_BLOCK) in found(src), "found, but ..."
    assert _counting(src, "softmax") == set(), "... a self-test under __main__ never runs when graded"
    flipped = src.replace("__name__ == '__main__'", "'__main__' == __name__")
    assert _counting(flipped, "softmax") == set()
    other_if = src.replace("__name__ == '__main__'", "True")
    assert ("torch.nn.functional.softmax", banned.MODULE_LEVEL) in _counting(other_if, "softmax"), \
        "any other module-level code runs on import, so it counts"


def test_a_helper_counts_only_when_a_graded_function_reaches_it():
    src = ("import torch.nn.functional as F\n"
           "def _reference(x):\n    return F.softmax(x, -1)\n"
           "def _check(x):\n    return _reference(x)\n"
           "def softmax(x):\n    e = x.exp()\n    return e / e.sum(-1, keepdim=True)\n")
    assert _counting(src, "softmax") == set(), "a helper nothing graded refers to costs nothing"
    reaching = src.replace("    e = x.exp()\n", "    _check(x)\n    e = x.exp()\n")
    assert _counting(reaching, "softmax") == {("torch.nn.functional.softmax", "_reference")}, \
        "through another helper, it counts"
    passed_on = src.replace("    e = x.exp()\n", "    f = _reference\n    e = x.exp()\n")
    assert _counting(passed_on, "softmax"), "a helper named (not only called) is reached"
