"""Hidden checks for the softmax exercise. Expected values come from torch itself, in the judge."""

import numpy as np
import torch

from grader.checks import check, fail
from grader.compare import Mistake, expect_tensor, expect_unchanged, name_mistake, report, show, tolerance
from grader.i18n import Text

SEED = 20261122
KNOWN_MISTAKES = {
    "ignores_dim": "normalised along the last axis whatever dim says",
    "whole_tensor": "normalised over all elements instead of each slice along dim",
    "global_max": "subtracted one max of the whole tensor instead of each slice's own",
    "subtract_min": "subtracted each slice's min instead of its max",
    "subtract_mean": "subtracted each slice's mean instead of its max",
    "no_max_subtracted": "exponentiated without subtracting the max first",
    "in_place": "modified the input tensor in place",
    "np_no_keepdims": "numpy: reduced without keepdims=True, so the max does not broadcast back",
    "np_global_max": "numpy: subtracted one max of the whole array instead of each slice's own",
    "np_in_place": "numpy: modified the input array in place",
}
IDEA_DEF = Text("softmax(x)_i = exp(x_i) / sum_j exp(x_j) along dim.",
                "dim 방향으로 softmax(x)_i = exp(x_i) / sum_j exp(x_j).")
IDEA_MAX = Text("subtract the max of each slice along dim before exp: exp(1000) overflows to inf and inf/inf is nan.",
                "exp 전에 dim 방향 각 조각의 최댓값을 빼세요: exp(1000)은 inf로 넘치고 inf/inf는 nan입니다.")
IDEA_DIM = Text("reduce along `dim` with keepdim=True, so max and sum broadcast back along the same axis.",
                "`dim` 방향으로 keepdim=True를 써서 줄이세요. 그래야 max와 sum이 같은 축으로 브로드캐스팅됩니다.")


def _gen():
    return torch.Generator().manual_seed(SEED)


def _ref(x, dim):
    """The exact softmax (computed in float64), in the dtype the answer must have."""
    out = x.dtype if x.is_floating_point() else torch.float32
    return torch.softmax(x.double(), dim=dim).to(out)


def _tol(x):
    """Tolerances for inputs of x's magnitude: exp(x - logsumexp(x)) is right too, and loses |x|·eps."""
    rtol, atol = tolerance(x.dtype if x.is_floating_point() else torch.float32, scale=float(x.abs().max()))
    return {"rtol": max(rtol, 1e-5), "atol": max(atol, 1e-6)}


@check("basic_vector", points=1, cuda=True)
def test_basic_vector(sub, device):
    x = torch.tensor([1.0, 2.0, 0.0], device=device)
    expect_tensor(sub.softmax(x), _ref(x, -1), call=f"softmax({show(x)})", idea=IDEA_DEF)


@check("rows_of_a_batch", points=2, cuda=True)
def test_rows_of_a_batch(sub, device):
    x = torch.randn(4, 5, generator=_gen()).to(device)
    got = sub.softmax(x, dim=-1)
    expect_tensor(got, _ref(x, -1), call=f"softmax(x, dim=-1), x = torch.randn(4, 5) (seed {SEED})", idea=IDEA_DIM)


@check("square_batch_dim1", points=1)
def test_square_batch(sub):
    # (N, N): a missing keepdim broadcasts silently here instead of raising
    x = torch.randn(3, 3, generator=_gen()) * 3
    expect_tensor(sub.softmax(x, dim=1), _ref(x, 1),
                  call=f"softmax(x, dim=1), x = 3 * torch.randn(3, 3) (seed {SEED})", idea=IDEA_DIM)


@check("dim0_columns", points=1)
def test_dim0(sub):
    x = torch.randn(3, 4, generator=_gen())
    got = sub.softmax(x, dim=0)
    if isinstance(got, torch.Tensor) and got.shape == x.shape:
        if torch.allclose(got.sum(dim=-1), torch.ones(3), atol=1e-5) and not torch.allclose(
                got.sum(dim=0), torch.ones(4), atol=1e-5):
            raise fail(f"softmax(x, dim=0) with x of shape (3, 4): each row sums to 1, but each column should.\n"
                       f"  The `dim` argument was ignored (last axis used).\n  Revisit: {IDEA_DIM.en}",
                       f"softmax(x, dim=0), x 모양 (3, 4): 각 행의 합이 1인데, 각 열의 합이 1이어야 합니다.\n"
                       f"  `dim` 인자가 무시되었습니다(마지막 축 사용).\n  다시 볼 개념: {IDEA_DIM.ko}",
                       mistake="ignores_dim")
    expect_tensor(got, _ref(x, 0), call=f"softmax(x, dim=0), x = torch.randn(3, 4) (seed {SEED})", idea=IDEA_DIM)


@check("three_d_dim1", points=2, cuda=True)
def test_three_d(sub, device):
    x = torch.randn(2, 3, 4, generator=_gen()).to(device)
    got = sub.softmax(x, dim=1)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and torch.isfinite(got).all():
        total = float(got.sum())
        if abs(total - 1.0) < 1e-4:
            raise fail("softmax(x, dim=1) on a (2, 3, 4) tensor: the whole tensor sums to 1.\n"
                       "  It was normalised over all elements, not over each slice along dim=1 "
                       "(which should give 2*4 = 8 slices summing to 1 each).\n"
                       f"  Revisit: {IDEA_DIM.en}",
                       "(2, 3, 4) 텐서에 softmax(x, dim=1): 텐서 전체의 합이 1입니다.\n"
                       "  dim=1 방향 각 조각이 아니라 전체 원소로 정규화했습니다(2*4 = 8개 조각이 각각 합 1이어야 함).\n"
                       f"  다시 볼 개념: {IDEA_DIM.ko}", mistake="whole_tensor")
    expect_tensor(got, _ref(x, 1), call=f"softmax(x, dim=1), x = torch.randn(2, 3, 4) (seed {SEED})", idea=IDEA_DIM)


@check("large_logits", points=2, cuda=True)
def test_large_logits(sub, device):
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]], device=device)
    expect_tensor(sub.softmax(x, dim=1), _ref(x, 1), call=f"softmax({show(x)}, dim=1)", idea=IDEA_MAX, **_tol(x))


@check("per_slice_max", points=1)
def test_per_slice_max(sub):
    x = torch.tensor([[0.0, 1.0, 2.0], [2000.0, 2001.0, 2002.0]])
    got = sub.softmax(x, dim=1)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and not torch.isfinite(got[0]).all():
        raise report(f"softmax({show(x)}, dim=1)", _ref(x, 1), got, Text(
            "Row 0 became nan: subtracting one max of the whole tensor pushes small rows to exp(-2000) = 0, "
            "and 0/0 = nan. Subtract each slice's own max (keepdim=True).",
            "0번째 행이 nan이 되었습니다: 텐서 전체의 최댓값 하나를 빼면 작은 행은 exp(-2000) = 0이 되어 0/0 = nan입니다. "
            "각 조각의 최댓값을 빼세요(keepdim=True)."), IDEA_MAX, mistake="global_max")
    expect_tensor(got, _ref(x, 1), call=f"softmax({show(x)}, dim=1)", idea=IDEA_MAX, **_tol(x))


def _shifted(x, dim, shift):
    """softmax computed after subtracting ``shift`` (None: nothing), in x's own dtype: a mistaken version."""
    z = x if shift is None else x - shift
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def _same_with_nans(got, ref):
    """Same shape, nan exactly where ``ref`` has nan, and close elsewhere."""
    if not (isinstance(got, torch.Tensor) and got.shape == ref.shape and got.is_floating_point()):
        return False
    g, r = got.detach().cpu().double(), ref.cpu().double()
    return torch.equal(torch.isnan(g), torch.isnan(r)) and bool(torch.isclose(g, r, atol=1e-6, equal_nan=True).all())


def _gives(ref):
    """A detector: ``got`` is ``ref``, nans included."""
    return lambda got: _same_with_nans(got, ref)


@check("wide_range", points=1, cuda=True)
def test_wide_range(sub, device):
    # each row spans 2000: only a shift by the slice's max keeps every exponent <= 0
    x = torch.tensor([[-500.0, 500.0, 1500.0], [-3000.0, -2000.0, -1000.0]], device=device)
    call = f"softmax({show(x)}, dim=1)"
    got = sub.softmax(x, dim=1)
    xc = x.cpu()
    mistakes = [
        Mistake("subtract_min", _gives(_shifted(xc, 1, xc.min(dim=1, keepdim=True).values)), Text(
            "You subtracted the min of each slice, not the max. After x - min every exponent is >= 0 and as large "
            "as the slice's spread: exp(2000) = inf, and inf/inf = nan. Subtract the max instead: then every "
            "exponent is <= 0 and the largest term is exactly exp(0) = 1.",
            "각 조각의 최댓값이 아니라 최솟값을 뺐습니다. x - min 뒤에는 모든 지수가 0 이상이고 조각의 폭만큼 커집니다: "
            "exp(2000) = inf이고 inf/inf = nan입니다. 최댓값을 빼세요: 그러면 모든 지수가 0 이하이고 가장 큰 항은 "
            "정확히 exp(0) = 1입니다.")),
        Mistake("subtract_mean", _gives(_shifted(xc, 1, xc.mean(dim=1, keepdim=True))), Text(
            "You subtracted the mean of each slice, not the max. Centring helps only while max - mean is small: "
            "here it is 1000, exp(1000) = inf, and inf/inf = nan. Subtract the max: then every exponent is <= 0.",
            "각 조각의 최댓값이 아니라 평균을 뺐습니다. 중심을 옮기는 것은 max - mean이 작을 때만 도움이 됩니다: "
            "여기서는 1000이라 exp(1000) = inf이고 inf/inf = nan입니다. 최댓값을 빼세요: 그러면 모든 지수가 0 이하입니다.")),
        Mistake("global_max", _gives(_shifted(xc, 1, xc.max())), Text(
            "Row 1 became nan: one max of the whole tensor (1500) pushes row 1 to exp(-2500) = 0 everywhere, and "
            "0/0 = nan. Subtract each slice's own max (keepdim=True).",
            "1번째 행이 nan이 되었습니다: 텐서 전체의 최댓값 하나(1500)를 빼면 1번째 행은 모두 exp(-2500) = 0이 되어 "
            "0/0 = nan입니다. 각 조각의 최댓값을 빼세요(keepdim=True).")),
        Mistake("no_max_subtracted", _gives(_shifted(xc, 1, None)), Text(
            "No max was subtracted: exp(1500) = inf gives inf/inf = nan in row 0, and exp(-1000) = 0 everywhere "
            "gives 0/0 = nan in row 1. Subtract the max of each slice before exp.",
            "최댓값을 빼지 않았습니다: 0번째 행은 exp(1500) = inf라서 inf/inf = nan, 1번째 행은 모두 exp(-1000) = 0이라 "
            "0/0 = nan입니다. exp 전에 각 조각의 최댓값을 빼세요.")),
    ]
    name_mistake(got, mistakes, call=call, expected=_ref(x, 1), idea=IDEA_MAX)
    expect_tensor(got, _ref(x, 1), call=call, idea=IDEA_MAX, **_tol(x))


@check("input_not_modified", points=1)
def test_input_not_modified(sub):
    x = torch.tensor([[3.0, 1.0, 2.0], [0.5, 0.25, 4.0]])
    got, after = sub.call_and_args("softmax", x, dim=1)
    expect_unchanged(f"softmax({show(x)}, dim=1)", {"x": (x, after[0])}, Text(
        "Your function changed its input in place (e.g. `x -= x.max(...)` or `x.exp_()`). "
        "Callers keep using x: compute into new tensors instead.",
        "함수가 입력을 제자리에서 바꿨습니다(예: `x -= x.max(...)`, `x.exp_()`). 호출한 쪽은 x를 계속 씁니다: "
        "새 텐서로 계산하세요."), mistake="in_place")
    expect_tensor(got, _ref(x, 1), call=f"softmax({show(x)}, dim=1)", idea=IDEA_DEF)


@check("integer_input", points=1)
def test_integer_input(sub):
    x = torch.tensor([[1, 2, 3], [0, 0, 0]])
    got = sub.softmax(x, dim=1)
    expect_tensor(got, _ref(x, 1), call=f"softmax({show(x)}, dim=1)", idea=Text(
        "integer tensors must be converted to a floating dtype (float32) before dividing.",
        "정수 텐서는 나누기 전에 실수 dtype(float32)으로 바꿔야 합니다."))


@check("float64_kept", points=1)
def test_float64(sub):
    x = torch.tensor([0.1, 0.2, 0.7], dtype=torch.float64)
    expect_tensor(sub.softmax(x), _ref(x, -1), call=f"softmax({show(x)})", rtol=1e-10, atol=1e-12, idea=Text(
        "keep the input's floating dtype: no .float() on a float64 tensor.",
        "입력의 실수 dtype을 유지하세요: float64 텐서에 .float()를 쓰지 마세요."))


def _np_ref(x, axis):
    t = torch.from_numpy(np.asarray(x, dtype=np.float64 if not np.issubdtype(x.dtype, np.floating) else x.dtype))
    return torch.softmax(t, dim=axis).numpy()


def _expect_array(got, expected, call, idea):
    expect_tensor(got, expected, call=call, idea=idea)


def _np_softmax(sub, x, call, **kw):
    """softmax_np(x, **kw); a reduction without keepdims that fails to broadcast is named."""
    r = sub.reply("softmax_np", x, **kw)
    if r.status == "raised":
        if "could not be broadcast" in (r.message or ""):
            axis = kw.get("axis", -1) % x.ndim
            kept = tuple(1 if i == axis else n for i, n in enumerate(x.shape))
            gone = tuple(n for i, n in enumerate(x.shape) if i != axis)
            raise fail(f"{call}\n  raised {r.type}: {r.message}\n"
                       f"  The max (or sum) along axis {axis} was taken without keepdims=True: for a {x.shape} array "
                       f"it has shape {gone}, which numpy lines up with the last axes, not with the slices. Reduce "
                       f"with keepdims=True so it has shape {kept} and broadcasts back along the same axis.\n"
                       f"  Revisit: {IDEA_DIM.en}",
                       f"{call}\n  {r.type} 예외 발생: {r.message}\n"
                       f"  axis {axis} 방향 max(또는 sum)를 keepdims=True 없이 구했습니다: {x.shape} 배열에서 그 모양은 "
                       f"{gone}이고, numpy는 이를 조각이 아니라 마지막 축들에 맞춥니다. keepdims=True로 줄여서 모양이 "
                       f"{kept}이 되어 같은 축으로 브로드캐스팅되게 하세요.\n"
                       f"  다시 볼 개념: {IDEA_DIM.ko}", mistake="np_no_keepdims")
        return sub.softmax_np(x, **kw)  # any other error: the learner's own message
    return r.value


@check("np_rows", points=1)
def test_np_rows(sub):
    x = np.random.default_rng(SEED).normal(size=(3, 4)).astype(np.float32)
    call = "softmax_np(x), x: float32 array of shape (3, 4)"
    _expect_array(_np_softmax(sub, x, call), _np_ref(x, -1), call, IDEA_DIM)


@check("np_axis0", points=1)
def test_np_axis0(sub):
    x = np.random.default_rng(SEED).normal(size=(3, 4))
    _expect_array(sub.softmax_np(x, axis=0), _np_ref(x, 0), "softmax_np(x, axis=0), x: float64 array of shape (3, 4)",
                  IDEA_DIM)


@check("np_large_logits", points=1)
def test_np_large(sub):
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])
    call = f"softmax_np({x.tolist()}, axis=1)"
    got = _np_softmax(sub, x, call, axis=1)
    if isinstance(got, np.ndarray) and got.shape == x.shape and np.issubdtype(got.dtype, np.floating) \
            and np.isfinite(got[0]).all() and np.isnan(got[1]).all():
        raise report(call, _np_ref(x, 1), got, Text(
            "Row 1 became nan while row 0 is right: one max of the whole array (np.max(x) without axis) pushes "
            "row 1 to exp(-2002) = 0 everywhere, and 0/0 = nan. Subtract each slice's own max, "
            "taken along axis with the dimension kept so that it broadcasts back.",
            "0번째 행은 맞는데 1번째 행이 nan이 되었습니다: 배열 전체의 최댓값 하나(axis 없는 np.max(x))를 빼면 "
            "1번째 행은 모두 exp(-2002) = 0이 되어 0/0 = nan입니다. 각 조각의 최댓값을 빼세요: "
            "axis 방향으로 구하고, 다시 브로드캐스팅되도록 차원을 유지하세요."), IDEA_MAX, mistake="np_global_max")
    _expect_array(got, _np_ref(x, 1), call, IDEA_MAX)


@check("np_integer_input", points=1)
def test_np_integer(sub):
    x = np.array([1, 2, 3])
    _expect_array(sub.softmax_np(x), _np_ref(x, -1), "softmax_np(np.array([1, 2, 3]))", Text(
        "integer arrays give float64 probabilities: convert with .astype(np.float64).",
        "정수 배열은 float64 확률을 돌려줘야 합니다: .astype(np.float64)로 바꾸세요."))


@check("np_input_not_modified", points=1)
def test_np_input_not_modified(sub):
    x = np.array([[3.0, 1.0, 2.0], [0.5, 0.25, 4.0]])
    call = f"softmax_np({x.tolist()}, axis=1)"
    got, after = sub.call_and_args("softmax_np", x, axis=1)
    expect_unchanged(call, {"x": (x, after[0])}, Text(
        "Your function changed its input array in place (e.g. `x -= x.max(axis=..., keepdims=True)` or "
        "`np.exp(x, out=x)`). Callers keep using x: compute into new arrays instead.",
        "함수가 입력 배열을 제자리에서 바꿨습니다(예: `x -= x.max(axis=..., keepdims=True)`, "
        "`np.exp(x, out=x)`). 호출한 쪽은 x를 계속 씁니다: 새 배열로 계산하세요."), mistake="np_in_place")
    _expect_array(got, _np_ref(x, 1), call, IDEA_DEF)
