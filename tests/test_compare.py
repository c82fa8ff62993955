"""The comparison helpers every hidden check uses: each failure names what differs, in en and ko."""

import numpy as np
import pytest
import torch

from grader.checks import Fail
from grader.compare import diagnose_shape, expect_equal, expect_number, expect_tensor, show
from grader.i18n import Text

IDEA = Text("the idea", "개념")


def failure(fn, *args, **kwargs) -> Text:
    with pytest.raises(Fail) as info:
        fn(*args, call="f(x)", **kwargs)
    return info.value.message


def test_a_match_returns_the_value():
    t = torch.tensor([1.0, 2.0])
    assert expect_tensor(t.clone(), t, call="f(x)") is not None
    a = np.array([0.5, 0.5])
    assert expect_tensor(a.copy(), a, call="f(x)") is not None


def test_message_names_call_expected_got_and_idea():
    m = failure(expect_tensor, torch.tensor([1.0, 3.0]), torch.tensor([1.0, 2.0]), idea=IDEA)
    assert m.en.startswith("f(x)\n  expected: tensor([1, 2]")
    assert "got:      tensor([1, 3]" in m.en
    assert "First mismatch at index (1,)" in m.en and "Revisit: the idea" in m.en
    assert "인덱스 (1,)에서 처음 어긋납니다" in m.ko and "다시 볼 개념: 개념" in m.ko


def test_accidental_broadcast_is_named():
    expected = torch.zeros(4, 1)
    m = failure(expect_tensor, torch.zeros(4, 4), expected)
    assert "(N, 1) - (N,) makes (N, N)" in m.en and "브로드캐스팅" in m.ko
    assert "broadcasting" not in diagnose_shape((3, 2), (2, 3)).en
    assert "Same number of elements" in diagnose_shape((3, 2), (2, 3)).en
    assert "reduced away" in diagnose_shape((3,), (3, 1)).en or "reduced away" in diagnose_shape((3,), (3, 2)).en


def test_dtype_and_requires_grad_are_named():
    m = failure(expect_tensor, torch.tensor([1, 2]), torch.tensor([1.0, 2.0]))
    assert "dtype int64 differs from the expected float32" in m.en
    graph = torch.tensor([1.0, 2.0], requires_grad=True) * 1
    m = failure(expect_tensor, graph, torch.tensor([1.0, 2.0]), requires_grad=False)
    assert "autograd graph" in m.en and "torch.no_grad()" in m.en
    assert expect_tensor(graph, torch.tensor([1.0, 2.0]), call="f", requires_grad=True) is graph


def test_first_nonfinite_is_located():
    got = torch.tensor([[0.1, 0.2], [float("inf"), float("nan")]])
    m = failure(expect_tensor, got, torch.zeros(2, 2))
    assert "The first inf appears at index (1, 0)" in m.en and "(1, 0)" in m.ko


def test_numpy_and_torch_are_told_apart():
    m = failure(expect_tensor, np.zeros(2, dtype=np.float32), torch.zeros(2))
    assert "numpy array came back where a torch.Tensor was expected" in m.en
    m = failure(expect_tensor, torch.zeros(2, dtype=torch.float64), np.zeros(2))
    assert "Expected a numpy.ndarray, got a Tensor" in m.en
    m = failure(expect_tensor, np.array([np.nan, 1.0]), np.array([0.5, 0.5]))
    assert "expected: array([0.5, 0.5]" in m.en and "got:      array([nan, 1]" in m.en
    assert "first nan appears at index (0,)" in m.en
    m = failure(expect_tensor, np.zeros(2, dtype=np.float32), np.zeros(2))
    assert "dtype float32 differs from the expected float64" in m.en


def test_numbers():
    assert expect_number(0.5, 0.5, call="f") == 0.5
    assert "Python float" in failure(expect_number, torch.tensor(0.5), 0.5).en
    assert "result is nan" in failure(expect_number, float("nan"), 0.5).en
    assert "Off by 0.1" in failure(expect_number, 0.6, 0.5).en
    assert "Python int, got a float" in failure(expect_number, 3.0, 3, integer=True).en
    assert "count is off" in failure(expect_number, 4, 3, integer=True).en
    assert "Expected a number, got a bool" in failure(expect_number, True, 1.0).en


def test_exact_data():
    assert expect_equal((1, 2), (1, 2), call="f") == (1, 2)
    assert "Expected a tuple, got a list" in failure(expect_equal, [1, 2], (1, 2)).en
    assert "Expected 2 items, got 3" in failure(expect_equal, (1, 2, 3), (1, 2)).en
    assert "Item 1 is a float (2.0) where an int (2) was expected" in failure(expect_equal, (1, 2.0), (1, 2)).en
    assert "Item 0 differs: expected 1, got 5" in failure(expect_equal, (5, 2), (1, 2)).en


def test_show_keeps_long_values_short():
    assert show(torch.arange(100.0)).startswith("tensor([0, 1, 2, 3, 4, 5, 6, 7, …], shape=(100,)")
    assert show(list(range(20))).endswith("…")
    assert len(show("x" * 1000)) <= 161


def test_unchanged_arguments():
    from grader.compare import expect_unchanged, same_data
    x = torch.tensor([1.0, 2.0])
    assert same_data({"a": [x, (1, "s")]}, {"a": [x.clone(), (1, "s")]})
    assert not same_data(x, x.double()) and not same_data(x, None) and not same_data([x], (x,))
    assert not same_data(np.zeros(2), np.ones(2))
    expect_unchanged("f(x)", {"x": (x, x.clone())}, Text("changed", "바뀜"))
    with pytest.raises(Fail) as info:
        expect_unchanged("f(W, b)", {"W": (x, x.clone()), "b": (x, x + 1)},
                         lambda name: Text(f"{name} was changed in place", f"{name} 제자리 변경"))
    m = info.value.message
    assert m.en.startswith("f(W, b), then looking at b again") and "b was changed in place" in m.en
    assert m.ko.startswith("f(W, b) 호출 뒤 b를 다시 보면") and "b 제자리 변경" in m.ko


def test_a_size_one_dimension_too_many_or_too_few_is_named():
    assert "extra dimension of size 1" in diagnose_shape((6, 1), (6,)).en
    assert "extra dimension of size 1" in diagnose_shape((1, 1), (1,)).en
    assert "broadcasting" not in diagnose_shape((1, 1), (1,)).en          # N = 1 is no broadcast
    assert "keepdim=True" in diagnose_shape((4,), (4, 1)).en and "unsqueeze" in diagnose_shape((4,), (4, 1)).en
    assert "broadcasting" in diagnose_shape((5, 5), (5,)).en


def test_recipes_are_shown_by_what_they_are():
    from grader.codec import Build
    assert show(Build("sequential", {"layers": [["linear", 4, 8]] * 50})) == "model"
    assert show(Build("generator", {"seed": 1})) == "generator"
    assert show(Build("something_new")) == "<something_new>"


def test_a_function_that_returned_none_is_told_so_without_an_unrelated_idea():
    import pytest
    from grader.checks import Fail
    from grader.compare import expect_equal, expect_number, expect_tensor
    from grader.i18n import Text
    idea = Text("subtract the max", "최댓값을 빼세요")
    for expect, expected in [(expect_tensor, torch.zeros(2)), (expect_number, 1.0), (expect_equal, (1, 2))]:
        with pytest.raises(Fail) as e:
            expect(None, expected, call="f(x)", idea=idea)
        assert "returned None" in e.value.message.en and "`return`" in e.value.message.ko
        assert "subtract the max" not in e.value.message.en


def test_tolerances_follow_the_dtype_and_the_inputs_magnitude():
    from grader.compare import tolerance
    r32, a32 = tolerance(torch.float32)
    r64, _ = tolerance(torch.float64)
    assert r64 < 1e-13 < r32 < 1e-5 and a32 < r32
    big, _ = tolerance(torch.float32, scale=1000.0)
    assert abs(big - 1000 * r32) < 1e-12
    # the float32 error of exp(x - logsumexp(x)) near 1000 is inside it, a wrong answer is far outside
    x = torch.tensor([1000.0, 1001.0, 1002.0])
    exact = torch.softmax(x.double(), dim=0)
    other_order = torch.exp(x - torch.logsumexp(x, dim=0)).double()
    assert torch.allclose(other_order, exact, rtol=big, atol=big / 10)
    assert not torch.allclose(torch.full_like(exact, 1 / 3), exact, rtol=big, atol=big / 10)
    assert tolerance(torch.int64) == (0.0, 0.0)


def test_a_numpy_scalar_is_not_taken_for_a_python_number_and_the_message_says_how_to_convert():
    import numpy as np
    import pytest
    from grader.checks import Fail
    from grader.compare import expect_equal, expect_number
    with pytest.raises(Fail) as e:
        expect_number(np.int64(47), 47, call="iterations_per_epoch(3000, 64)", integer=True)
    assert "numpy.int64" in e.value.message.en and "int(...)" in e.value.message.en
    with pytest.raises(Fail) as e:
        expect_number(np.float32(0.5), 0.5, call="f()")
    assert "numpy.float32" in e.value.message.en and "float(...)" in e.value.message.ko
    with pytest.raises(Fail) as e:
        expect_equal([np.int64(64), 256], [64, 256], call="conv2d_output_size(...)")
    assert "numpy" in e.value.message.en


class _FakeSub:
    """A submission whose ``fn`` runs here (the judge's replies, without a child)."""

    def __init__(self, fn):
        self.fn = fn

    def reply(self, name, *args):
        from grader.sandbox import judge as J
        try:
            return J.Reply(J.OK, value=self.fn(*args))
        except Exception as e:  # noqa: BLE001 - what the learner's function raised is the reply
            return J.Reply(J.RAISED, type=type(e).__name__, message=str(e))


def _mse(a, b):
    return ((a - b) ** 2).mean()


def _refusal(fn):
    from grader.compare import expect_shape_refused
    a, b = torch.arange(4.0).reshape(4, 1), torch.tensor([0.0, 2.0, 1.0, 5.0])
    try:
        expect_shape_refused(_FakeSub(fn), "mse", a, b, loss=_mse)
    except Fail as f:
        return f
    return None


def test_the_shape_rule_for_losses_names_what_a_function_did_with_shapes_that_differ():
    def refuses(a, b):
        if a.shape != b.shape:
            raise ValueError(f"{tuple(a.shape)} vs {tuple(b.shape)}")
        return _mse(a, b)
    assert _refusal(refuses) is None
    broadcast = _refusal(lambda a, b: ((a - b) ** 2).mean())
    assert broadcast.mistake == "no_shape_check" and "broadcast to (4, 4)" in broadcast.message.en
    assert "기대한 값: ValueError 발생" in broadcast.message.ko and "raises" not in broadcast.message.ko
    paired = _refusal(lambda a, b: _mse(a, b.reshape(a.shape)))
    assert paired.mistake == "reshapes_mismatched_shapes" and "reshaping" in paired.message.en
    matrix = _refusal(lambda a, b: (a - b) ** 2)
    assert matrix.mistake == "no_shape_check" and "shape (4, 4)" in matrix.message.en

    def wrong_error(a, b):
        raise TypeError("no")
    other = _refusal(wrong_error)
    assert other.mistake is None and "TypeError" in other.message.en and "TypeError 발생: no" in other.message.ko
