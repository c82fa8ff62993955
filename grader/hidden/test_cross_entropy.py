"""Hidden checks for the cross_entropy exercise. Expected values come from torch itself, in the judge."""

import math
import re

import torch
import torch.nn.functional as F

from grader.checks import check, fail
from grader.compare import Mistake, expect_tensor, expect_unchanged, first_nonfinite, name_mistake, report, show
from grader.i18n import Text, i_ga

SEED = 20260505
KNOWN_MISTAKES = {
    "computed_in_float32": "float64 logits computed in float32 and cast back: float32 precision in a float64 loss",
    "global_max": "subtracted one max of the whole tensor instead of each slice's own",
    "log_of_softmax": "log(softmax(x)): -inf where the probability underflows",
    "no_max_subtracted": "exp without subtracting the max first: overflow to inf/nan",
    "log_softmax_plus_eps": "log(softmax(x) + eps) or a clamp: very negative log-probabilities capped",
    "no_keepdim": "a max, sum or logsumexp along dim without keepdim=True",
    "forgets_max_in_first_term": "x - log(sum(exp(x - m))): the max subtracted inside the log-sum only",
    "softmax_not_log": "log_softmax returned the probabilities softmax(x)",
    "missing_log_sum": "log_softmax as x - max(x): the log-sum-exp term missing",
    "ignores_dim": "used one fixed axis whatever dim says",
    "whole_tensor": "normalised over all elements instead of each slice along dim",
    "wrong_default_dim": "a default dim other than -1",
    "in_place": "modified the input tensor in place",
    "returns_python_number": "the loss returned as a Python number (.item())",
    "column_indexing_no_mean": "lp[:, targets]: an (N, N) matrix, and no mean",
    "per_sample_losses": "one loss per sample: the mean missing",
    "whole_matrix": "the whole (N, C) matrix returned",
    "sum_not_mean": "the sum of the per-sample losses instead of the mean",
    "no_minus_sign": "mean(log p[target]) without the minus sign",
    "column_indexing": "the mean of lp[:, targets], an (N, N) matrix",
    "raw_logits": "-mean of the raw target logits: no log_softmax",
    "wrong_dim": "log_softmax over dim=0 (the samples) instead of the classes",
    "one_hot_mean": "-mean of one_hot * log_softmax over all N*C entries",
    "divides_by_classes": "the summed loss divided by the number of classes C",
    "mean_over_all_classes": "-mean of every log-probability, not only the targets'",
    "probabilities_not_log": "-mean of the targets' probabilities instead of their logarithm",
    "unstable_loss": "an inf or nan loss from large logits: no stable log_softmax",
    "graph_cut": "the loss cut off from the autograd graph (.item(), .detach(), torch.tensor(...))",
    "one_hot_guessed_classes": "F.one_hot(targets) without num_classes: too few columns",
}
IDEA_DEF = Text("log_softmax(x)_i = x_i - log(sum_j exp(x_j)), along dim.",
                "dim 방향으로 log_softmax(x)_i = x_i - log(sum_j exp(x_j)).")
IDEA_LSE = Text("with m the max of each slice along dim (keepdim=True), "
                "log_softmax(x) = (x - m) - log(sum(exp(x - m))): the logsumexp trick. Never take log(softmax(x)).",
                "dim 방향 각 조각의 최댓값 m(keepdim=True)으로 log_softmax(x) = (x - m) - log(sum(exp(x - m))): "
                "logsumexp 기법입니다. log(softmax(x))를 쓰지 마세요.")
IDEA_DIM = Text("reduce along `dim` with keepdim=True, so the max and the log-sum broadcast back along the same axis.",
                "`dim` 방향으로 keepdim=True를 써서 줄이세요. 그래야 최댓값과 log-sum이 같은 축으로 브로드캐스팅됩니다.")
IDEA_CE = Text("cross_entropy = -mean over the N samples of log_softmax(logits, dim=1)[i, targets[i]]: "
               "one log-probability per sample (lp[torch.arange(N), targets] or lp.gather(1, targets[:, None])).",
               "cross_entropy = -(N개 샘플에 대한 log_softmax(logits, dim=1)[i, targets[i]]의 평균): "
               "샘플마다 로그 확률 하나(lp[torch.arange(N), targets] 또는 lp.gather(1, targets[:, None])).")


def _gen():
    return torch.Generator().manual_seed(SEED)


def _explain_nonfinite(got, expected, call, idea, small_rows=()):
    """If got has nan/inf where expected is finite: say where, and why that usually happens."""
    if not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(expected.shape) \
            or not got.is_floating_point():
        return
    bad = first_nonfinite(got)
    if bad is None or first_nonfinite(expected) is not None:
        return
    kind, where = bad
    e = expected.detach().cpu().double()
    g = got.detach().cpu().double()
    if kind == "inf" and float(g[where]) < 0:
        kind = "-inf"
    finite = torch.isfinite(g)
    if small_rows and got.dim() == 2 and all(bool(finite[r].all()) is False for r in small_rows) \
            and all(bool(finite[r].all()) for r in range(got.shape[0]) if r not in small_rows):
        mistake = "global_max"
        why = Text(
            f"The first {kind} is at index {where}, in a row of small logits, while the rows of huge logits "
            "are fine: one max of the whole tensor was subtracted, so exp(x - max) is 0 for every element "
            "of that row and log(0) = -inf. Subtract each slice's own max (keepdim=True).",
            f"첫 {kind}{i_ga(kind)} 작은 로짓의 행, 인덱스 {where}에 있고 큰 로짓의 행은 괜찮습니다: 텐서 전체의 최댓값 "
            "하나를 빼서 그 행의 exp(x - max)가 모두 0이 되고 log(0) = -inf가 됩니다. 각 조각의 최댓값을 빼세요"
            "(keepdim=True).")
    elif bool(((g == -math.inf) <= (e < -80)).all()) and bool((g == -math.inf).any()) \
            and bool(torch.isfinite(g[e >= -80]).all()):
        mistake = "log_of_softmax"
        why = Text(
            f"The first {kind} is at index {where}, exactly where the true log-probability is hugely negative: "
            "that is log(softmax(x)). The probability exp(-10000) underflows to 0 and log(0) = -inf. "
            "Compute the log-probability directly: (x - m) - log(sum(exp(x - m))).",
            f"첫 {kind}{i_ga(kind)} 인덱스 {where}, 즉 참 로그 확률이 매우 큰 음수인 곳에 있습니다: log(softmax(x))를 "
            "계산했습니다. 확률 exp(-10000)은 0으로 언더플로하고 log(0) = -inf입니다. 로그 확률을 직접 계산하세요: "
            "(x - m) - log(sum(exp(x - m))).")
    else:
        mistake = "no_max_subtracted"
        why = Text(
            f"The first {kind} is at index {where}: exp(10000) overflows to inf in float32, and then "
            "inf/inf = nan, x - log(inf) = -inf, or log(0) = -inf. Subtract the max along dim before exp "
            "(the logsumexp trick).",
            f"첫 {kind}{i_ga(kind)} 인덱스 {where}에 있습니다: float32에서 exp(10000)은 inf로 넘치고, 그러면 "
            "inf/inf = nan, x - log(inf) = -inf, 또는 log(0) = -inf가 됩니다. exp 전에 dim 방향 최댓값을 빼세요"
            "(logsumexp 기법).")
    raise report(call, expected, got, why, idea, mistake)


def _explain_capped(got, expected, call, idea):
    """log(softmax + eps) or a clamp: finite, but the very negative log-probabilities are capped."""
    if isinstance(got, torch.Tensor) and tuple(got.shape) == tuple(expected.shape) and got.is_floating_point() \
            and bool(torch.isfinite(got).all()) and float(expected.min()) < -1000 and float(got.min()) > -200:
        raise report(call, expected, got, Text(
            f"The smallest log-probability came back as {float(got.min()):.4g}, but it should be about "
            f"{float(expected.min()):.4g}: log(softmax(x) + eps) or a clamp caps it. "
            "Compute (x - m) - log(sum(exp(x - m))) instead.",
            f"가장 작은 로그 확률이 {float(got.min()):.4g}로 왔지만 약 {float(expected.min()):.4g}이어야 합니다: "
            "log(softmax(x) + eps)나 clamp가 값을 잘랐습니다. 대신 (x - m) - log(sum(exp(x - m)))를 계산하세요."), idea,
            mistake="log_softmax_plus_eps")


def _explain_no_keepdim(got, x, dim, call, idea):
    """A square input hides a missing keepdim=True: the reduced (n,) tensor broadcasts along the wrong axis."""
    if not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(x.shape) or not got.is_floating_point() \
            or not bool(torch.isfinite(got).all()):
        return
    xd = x.detach().cpu().double()
    expected = F.log_softmax(xd, dim=dim)
    g = got.detach().cpu().double()
    for keep_max, keep_sum in ((False, False), (True, False), (False, True), (None, None)):
        try:
            if keep_max is None:   # x - torch.logsumexp(x, dim) without keepdim
                cand = xd - torch.logsumexp(xd, dim=dim)
            else:
                z = xd - xd.max(dim=dim, keepdim=keep_max).values
                cand = z - torch.log(torch.exp(z).sum(dim=dim, keepdim=keep_sum))
        except RuntimeError:
            continue
        if cand.shape == g.shape and not torch.allclose(cand, expected, rtol=1e-5, atol=1e-3) \
                and torch.allclose(g, cand, rtol=1e-5, atol=1e-3):
            raise report(call, F.log_softmax(x, dim=dim), got, Text(
                "The shape is right but the values are not: a max, sum or logsumexp along dim was taken without "
                "keepdim=True. Its result lost the reduced axis, so for this square input it broadcast "
                "against the other axis and each slice was shifted by another slice's max or log-sum "
                "(a non-square input raises a size mismatch instead). Reduce with keepdim=True.",
                "모양은 맞지만 값이 틀립니다: dim 방향 max, sum이나 logsumexp를 keepdim=True 없이 구했습니다. 결과에서 줄인 축이 "
                "사라져서, 이 정사각형 입력에서는 다른 축 방향으로 브로드캐스팅되었고 각 조각이 다른 조각의 최댓값이나 "
                "log-sum만큼 이동했습니다(정사각형이 아니면 크기 불일치 오류가 납니다). keepdim=True로 줄이세요."),
                idea, mistake="no_keepdim")


def _explain_max_not_subtracted(got, x, dim, call, idea):
    """x - log(sum(exp(x - m))): the max was subtracted inside the log-sum only, so every value is m too large."""
    if not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(x.shape) or not got.is_floating_point() \
            or not bool(torch.isfinite(got).all()):
        return
    xd = x.detach().cpu().double()
    m = xd.max(dim=dim, keepdim=True).values
    expected = F.log_softmax(xd, dim=dim)
    cand = expected + m
    if not torch.allclose(cand, expected, rtol=1e-5, atol=1e-3) \
            and torch.allclose(got.detach().cpu().double(), cand, rtol=1e-5, atol=1e-3):
        raise report(call, F.log_softmax(x, dim=dim), got, Text(
            "Every value is too large by the max m of its slice: that is x - log(sum(exp(x - m))). The max was "
            "subtracted inside the log-sum but not from x. Since log(sum(exp(x))) = m + log(sum(exp(x - m))), "
            "m must be subtracted as well: (x - m) - log(sum(exp(x - m))).",
            "모든 값이 그 조각의 최댓값 m만큼 큽니다: x - log(sum(exp(x - m)))를 계산했습니다. 최댓값을 log-sum 안에서만 "
            "빼고 x에서는 빼지 않았습니다. log(sum(exp(x))) = m + log(sum(exp(x - m)))이므로 m도 빼야 합니다: "
            "(x - m) - log(sum(exp(x - m)))."), idea, mistake="forgets_max_in_first_term")


# ------------------------------------------------------------------ log_softmax
@check("log_softmax_vector", points=1, cuda=True)
def test_log_softmax_vector(sub, device):
    x = torch.tensor([1.0, 2.0, 0.0], device=device)
    got = sub.log_softmax(x)
    _explain_max_not_subtracted(got, x, -1, f"log_softmax({show(x)})", IDEA_LSE)
    expect_tensor(got, F.log_softmax(x, dim=-1), call=f"log_softmax({show(x)})", idea=IDEA_DEF)


@check("log_softmax_rows", points=2, cuda=True)
def test_log_softmax_rows(sub, device):
    x = (torch.randn(4, 5, generator=_gen()) * 2).to(device)
    got = sub.log_softmax(x, dim=-1)
    call = f"log_softmax(x, dim=-1), x = 2 * torch.randn(4, 5) (seed {SEED})"
    expected = F.log_softmax(x, dim=-1)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point():
        g = got.detach().cpu().double()
        if torch.allclose(g, torch.softmax(x.cpu().double(), -1), atol=1e-5):
            raise report(call, expected, got, Text(
                "These are the probabilities softmax(x), not their logarithm (every log-probability is ≤ 0).",
                "이것은 로그가 아니라 확률 softmax(x)입니다(로그 확률은 모두 0 이하)."), IDEA_DEF,
                mistake="softmax_not_log")
        if torch.allclose(g, x.cpu().double() - x.cpu().double().max(dim=-1, keepdim=True).values, atol=1e-5):
            raise report(call, expected, got, Text(
                "This is x - max(x) only: the - log(sum(exp(x - max))) term is missing.",
                "x - max(x)만 계산했습니다: - log(sum(exp(x - max))) 항이 빠졌습니다."), IDEA_LSE,
                mistake="missing_log_sum")
    _explain_max_not_subtracted(got, x, -1, call, IDEA_LSE)
    expect_tensor(got, expected, call=call, idea=IDEA_DIM)


@check("log_softmax_dim0", points=1)
def test_log_softmax_dim0(sub):
    x = torch.randn(3, 4, generator=_gen())
    got = sub.log_softmax(x, dim=0)
    call = f"log_softmax(x, dim=0), x = torch.randn(3, 4) (seed {SEED})"
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point() \
            and torch.allclose(got.double(), F.log_softmax(x.double(), dim=-1), atol=1e-5):
        raise fail(f"{call}: exp of each row sums to 1, but exp of each column should.\n"
                   f"  The `dim` argument was ignored (last axis used).\n  Revisit: {IDEA_DIM.en}",
                   f"{call}: 각 행의 exp 합이 1인데, 각 열의 exp 합이 1이어야 합니다.\n"
                   f"  `dim` 인자가 무시되었습니다(마지막 축 사용).\n  다시 볼 개념: {IDEA_DIM.ko}",
                   mistake="ignores_dim")
    _explain_max_not_subtracted(got, x, 0, call, IDEA_LSE)
    expect_tensor(got, F.log_softmax(x, dim=0), call=call, idea=IDEA_DIM)


@check("log_softmax_3d_dim1", points=1, cuda=True)
def test_log_softmax_3d(sub, device):
    x = torch.randn(2, 3, 4, generator=_gen()).to(device)
    got = sub.log_softmax(x, dim=1)
    call = f"log_softmax(x, dim=1), x = torch.randn(2, 3, 4) (seed {SEED})"
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point() \
            and torch.isfinite(got).all() and abs(float(got.double().exp().sum()) - 1.0) < 1e-4:
        raise fail(f"{call}: exp of the whole result sums to 1.\n"
                   "  It was normalised over all elements, not over each slice along dim=1 "
                   "(2*4 = 8 slices should each sum to 1).\n"
                   f"  Revisit: {IDEA_DIM.en}",
                   f"{call}: 결과 전체의 exp 합이 1입니다.\n"
                   "  dim=1 방향 각 조각이 아니라 전체 원소로 정규화했습니다(2*4 = 8개 조각이 각각 합 1이어야 함).\n"
                   f"  다시 볼 개념: {IDEA_DIM.ko}", mistake="whole_tensor")
    _explain_max_not_subtracted(got, x, 1, call, IDEA_LSE)
    expect_tensor(got, F.log_softmax(x, dim=1), call=call, idea=IDEA_DIM)


@check("log_softmax_default_dim", points=1, cuda=True)
def test_log_softmax_default_dim(sub, device):
    x = torch.randn(2, 3, 4, generator=_gen()).to(device)
    got = sub.log_softmax(x)
    call = f"log_softmax(x) with no dim given, x = torch.randn(2, 3, 4) (seed {SEED})"
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point():
        g = got.detach().cpu().double()
        for d in (0, 1):
            if torch.allclose(g, F.log_softmax(x.cpu().double(), dim=d), atol=1e-5):
                explicit = sub.log_softmax(x, dim=-1)     # evidence: is the argument ignored, or only its default?
                ignored = isinstance(explicit, torch.Tensor) and explicit.shape == x.shape and torch.allclose(
                    explicit.detach().cpu().double(), F.log_softmax(x.cpu().double(), dim=d), atol=1e-5)
                if ignored:
                    raise fail(f"{call}: the result is log_softmax over dim={d}, and log_softmax(x, dim=-1) gives "
                               f"the same: the body uses dim={d} whatever `dim` says.\n"
                               "  Use the `dim` argument in every reduction (max, sum, logsumexp).\n"
                               f"  Revisit: {IDEA_DIM.en}",
                               f"{call}: 결과가 dim={d} 방향 log_softmax이고, log_softmax(x, dim=-1)도 같습니다: "
                               f"`dim`이 무엇이든 본문이 dim={d}을 씁니다.\n"
                               "  모든 축 연산(max, sum, logsumexp)에 `dim` 인자를 쓰세요.\n"
                               f"  다시 볼 개념: {IDEA_DIM.ko}", mistake="ignores_dim")
                raise fail(f"{call}: the result is log_softmax over dim={d}.\n"
                           f"  The default dim of your log_softmax is {d}, but the signature says dim=-1 "
                           "(the last axis, like torch's own). Keep `dim: int = -1`.\n"
                           f"  Revisit: {IDEA_DIM.en}",
                           f"{call}: 결과가 dim={d} 방향 log_softmax입니다.\n"
                           f"  log_softmax의 dim 기본값이 {d}인데, 시그니처는 dim=-1(torch와 같은 마지막 축)입니다. "
                           "`dim: int = -1`을 유지하세요.\n"
                           f"  다시 볼 개념: {IDEA_DIM.ko}", mistake="wrong_default_dim")
    expect_tensor(got, F.log_softmax(x, dim=-1), call=call, idea=IDEA_DIM)


@check("log_softmax_large_logits", points=2, cuda=True)
def test_log_softmax_large(sub, device):
    x = torch.tensor([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [0.5, 1.0, -0.5]], device=device)
    got = sub.log_softmax(x, dim=1)
    expected = F.log_softmax(x, dim=1)
    call = f"log_softmax({show(x)}, dim=1)"
    _explain_nonfinite(got, expected, call, IDEA_LSE, small_rows=(2,))
    _explain_capped(got, expected, call, IDEA_LSE)
    _explain_no_keepdim(got, x, 1, call, IDEA_DIM)
    _explain_max_not_subtracted(got, x, 1, call, IDEA_LSE)
    expect_tensor(got, expected, call=call, idea=IDEA_LSE)


@check("log_softmax_float64", points=1)
def test_log_softmax_float64(sub):
    x = torch.tensor([[0.1, 0.2, 0.7], [3.0, -1.0, 0.5]], dtype=torch.float64)
    expect_tensor(sub.log_softmax(x, dim=1), F.log_softmax(x, dim=1), call=f"log_softmax({show(x)}, dim=1)",
                  rtol=1e-10, atol=1e-12, idea=Text(
                      "keep the input's floating dtype: no .float() on a float64 tensor.",
                      "입력의 실수 dtype을 유지하세요: float64 텐서에 .float()를 쓰지 마세요."))


@check("log_softmax_input_not_modified", points=1)
def test_log_softmax_input(sub):
    x = torch.tensor([[3.0, 1.0, 2.0], [0.5, 0.25, 4.0]])
    got, after = sub.call_and_args("log_softmax", x, dim=1)
    expect_unchanged(f"log_softmax({show(x)}, dim=1)", {"x": (x, after[0])}, Text(
        "Your function changed its input in place (e.g. `x -= x.max(...)`, `x.sub_(...)`, `x.exp_()`). "
        "Callers keep using x: compute into new tensors instead.",
        "함수가 입력을 제자리에서 바꿨습니다(예: `x -= x.max(...)`, `x.sub_(...)`, `x.exp_()`). 호출한 쪽은 x를 "
        "계속 씁니다: 새 텐서로 계산하세요."), mistake="in_place")
    expect_tensor(got, F.log_softmax(x, dim=1), call=f"log_softmax({show(x)}, dim=1)", idea=IDEA_DEF)


# ---------------------------------------------------------------- cross_entropy
def _ce_shape_and_type(got, expected, call, n, c):
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        raise report(call, expected, got, Text(
            "A Python number came back: return the loss as a 0-dim tensor (no .item()), "
            "so that loss.backward() still works.",
            "Python 숫자가 왔습니다: 손실을 0차원 텐서로 반환하세요(.item() 금지). 그래야 loss.backward()가 동작합니다."),
            IDEA_CE, mistake="returns_python_number")
    if not isinstance(got, torch.Tensor):
        return
    shape = tuple(got.shape)
    if shape == (n, n):
        raise report(call, expected, got, Text(
            f"Shape {shape}: an (N, N) matrix. That is what lp[:, targets] gives (every row, the columns named "
            "by all N targets): fancy indexing, not one element per sample. Pick lp[torch.arange(N), targets] "
            "(or lp.gather(1, targets[:, None])), then average.",
            f"모양 {shape}: (N, N) 행렬입니다. lp[:, targets]가 이렇게 됩니다(모든 행에서 N개 타깃이 가리키는 열 전부): "
            "샘플마다 원소 하나가 아닙니다. lp[torch.arange(N), targets](또는 lp.gather(1, targets[:, None]))로 고른 뒤 "
            "평균을 내세요."), IDEA_CE, mistake="column_indexing_no_mean")
    if shape == (n,):
        raise report(call, expected, got, Text(
            f"Shape {shape}: one loss per sample came back. cross_entropy returns their mean, a 0-dim tensor.",
            f"모양 {shape}: 샘플별 손실이 왔습니다. cross_entropy는 그 평균, 즉 0차원 텐서를 반환해야 합니다."),
            IDEA_CE, mistake="per_sample_losses")
    if shape == (n, c):
        raise report(call, expected, got, Text(
            f"Shape {shape}: the whole (N, C) matrix came back. Keep only each sample's target class, "
            "then average over the samples.",
            f"모양 {shape}: (N, C) 행렬 전체가 왔습니다. 각 샘플의 정답 클래스 값만 남기고 샘플에 대해 평균을 내세요."),
            IDEA_CE, mistake="whole_matrix")


def _loss_is(value):
    """A detector: the loss that came back (a finite 0-dim tensor) is ``value``."""
    return lambda got: math.isclose(float(got.detach()), float(value), rel_tol=1e-4, abs_tol=1e-6)


def _mistakes(logits, targets):
    """The known mistakes for one batch, their values computed in float64 in the judge."""
    x = logits.detach().cpu().double()
    t = targets.cpu()
    n, c = x.shape
    rows = torch.arange(n)
    lp = F.log_softmax(x, dim=1)
    picked = lp[rows, t]
    onehot = F.one_hot(t, c).double()
    row_max = x.max(dim=1, keepdim=True).values
    return [
        Mistake("sum_not_mean", _loss_is(-picked.sum()), Text(
            "That is the sum of the per-sample losses: divide by N (take the mean, not the sum).",
            "샘플별 손실의 합입니다: N으로 나누세요(합이 아니라 평균).")),
        Mistake("no_minus_sign", _loss_is(picked.mean()), Text(
            "That is the right size with the wrong sign: the minus sign is missing. Log-probabilities are ≤ 0, "
            "so loss = -mean(log p[target]) is ≥ 0.",
            "크기는 맞지만 부호가 반대입니다: 마이너스 부호가 빠졌습니다. 로그 확률은 0 이하이므로 "
            "loss = -mean(log p[target])은 0 이상입니다.")),
        Mistake("column_indexing", _loss_is(-lp[:, t].mean()), Text(
            "That is the mean of lp[:, targets], an (N, N) matrix: indexing with `[:, targets]` takes every "
            "row's columns for all N targets. Use lp[torch.arange(N), targets] (one element per sample).",
            "lp[:, targets], 즉 (N, N) 행렬의 평균입니다: `[:, targets]`는 모든 행에서 N개 타깃의 열을 전부 "
            "가져옵니다. lp[torch.arange(N), targets](샘플마다 원소 하나)를 쓰세요.")),
        Mistake("raw_logits", _loss_is(-x[rows, t].mean()), Text(
            "That is -mean of the raw target logits: log_softmax was not applied first.",
            "정답 로짓 원본의 -평균입니다: 먼저 log_softmax를 적용하지 않았습니다.")),
        Mistake("wrong_dim", _loss_is(-F.log_softmax(x, dim=0)[rows, t].mean()), Text(
            "That is log_softmax over dim=0 (across the samples): the classes are along dim=1.",
            "dim=0(샘플 방향)으로 log_softmax를 했습니다: 클래스는 dim=1 방향에 있습니다.")),
        Mistake("one_hot_mean", _loss_is(-(onehot * lp).mean()), Text(
            "That is -mean of one_hot * log_softmax over all N*C entries: it divides by N*C, i.e. C times too "
            "small. Sum over the classes first (dim=1), then average over the N samples.",
            "N*C개 원소 전체에 대한 one_hot * log_softmax의 -평균입니다: N*C로 나눠서 C배 작습니다. "
            "먼저 클래스(dim=1)로 더한 뒤 N개 샘플에 대해 평균을 내세요.")),
        Mistake("divides_by_classes", _loss_is(-picked.sum() / c), Text(
            f"That is the summed loss divided by C = {c}, the number of classes (logits.shape[1]): the mean is over "
            f"the N = {n} samples, so divide by logits.shape[0] (or use .mean()).",
            f"손실의 합을 클래스 수 C = {c}(logits.shape[1])로 나눈 값입니다: 평균은 N = {n}개 샘플에 대한 것이므로 "
            "logits.shape[0]으로 나누세요(또는 .mean()).")),
        Mistake("forgets_max_in_first_term", _loss_is(-(lp + row_max)[rows, t].mean()), Text(
            "That is the loss from log-probabilities that are too large by each row's max m: the log_softmax "
            "computed x - log(sum(exp(x - m))), subtracting m inside the log-sum but not from x. "
            "Use (x - m) - log(sum(exp(x - m))).",
            "각 행의 최댓값 m만큼 큰 로그 확률로 계산한 손실입니다: log_softmax가 x - log(sum(exp(x - m)))를 "
            "계산해서 m을 log-sum 안에서만 빼고 x에서는 빼지 않았습니다. (x - m) - log(sum(exp(x - m)))를 쓰세요.")),
        Mistake("mean_over_all_classes", _loss_is(-lp.mean()), Text(
            "That is -mean of every log-probability, of all classes: only each sample's target class counts "
            "(the one-hot mask or the index pick is missing).",
            "모든 클래스의 로그 확률 전체의 -평균입니다: 각 샘플의 정답 클래스만 세야 합니다"
            "(one-hot 마스크나 인덱스 선택이 빠졌습니다).")),
        Mistake("probabilities_not_log", _loss_is(-lp.exp()[rows, t].mean()), Text(
            "That is -mean of the probabilities of the targets: take their logarithm (log_softmax), not softmax.",
            "정답 클래스 확률의 -평균입니다: softmax가 아니라 그 로그(log_softmax)를 쓰세요.")),
    ]


def _ce(sub, logits, targets, call, *, rtol=1e-5, atol=1e-6):
    expected = F.cross_entropy(logits, targets)
    got = sub.cross_entropy(logits, targets)
    n, c = logits.shape
    _ce_shape_and_type(got, expected, call, n, c)
    if isinstance(got, torch.Tensor) and got.dim() == 0 and got.is_floating_point() \
            and math.isfinite(float(got.detach())) \
            and not math.isclose(float(got.detach()), float(expected.detach()), rel_tol=rtol, abs_tol=atol):
        name_mistake(got, _mistakes(logits, targets), call=call, expected=expected, idea=IDEA_CE)
    return got, expected


@check("cross_entropy_mean", points=3, cuda=True)
def test_cross_entropy_mean(sub, device):
    logits = (torch.randn(5, 3, generator=_gen()) * 2).to(device)
    targets = torch.tensor([2, 0, 1, 1, 2], device=device)
    call = f"cross_entropy(logits, {show(targets)}), logits = 2 * torch.randn(5, 3) (seed {SEED})"
    got, expected = _ce(sub, logits, targets, call)
    expect_tensor(got, expected, call=call, idea=IDEA_CE)


@check("cross_entropy_large_logits", points=2, cuda=True)
def test_cross_entropy_large(sub, device):
    logits = torch.tensor([[1e4, -1e4, 0.0], [0.0, 1e4, -1e4], [5.0, 0.0, 1.0], [1e4, 0.0, -1e4]], device=device)
    targets = torch.tensor([1, 2, 0, 0], device=device)
    call = f"cross_entropy({show(logits)}, {show(targets)})"
    got, expected = _ce(sub, logits, targets, call)
    if isinstance(got, torch.Tensor) and got.dim() == 0 and got.is_floating_point() \
            and not math.isfinite(float(got)):
        raise report(call, expected, got, Text(
            f"The loss came back {float(got)}: a log-probability of the target became -inf or nan. "
            "exp(±10000) overflows or underflows in float32, so log(softmax(x)) gives log(0) = -inf and "
            "exp(x)/sum(exp(x)) gives inf/inf = nan. Use your stable log_softmax "
            "((x - m) - log(sum(exp(x - m))), m the row max) and pick the targets from it.",
            f"손실이 {float(got)}로 왔습니다: 정답의 로그 확률이 -inf나 nan이 되었습니다. float32에서 exp(±10000)은 "
            "넘치거나 0이 되므로 log(softmax(x))는 log(0) = -inf, exp(x)/sum(exp(x))는 inf/inf = nan이 됩니다. "
            "안정적인 log_softmax((x - m) - log(sum(exp(x - m))), m은 행의 최댓값)를 쓰고 거기서 정답을 고르세요."),
            IDEA_LSE, mistake="unstable_loss")
    expect_tensor(got, expected, call=call, idea=IDEA_LSE)


@check("cross_entropy_float64", points=1)
def test_cross_entropy_float64(sub):
    logits = torch.randn(4, 6, generator=_gen(), dtype=torch.float64)
    targets = torch.tensor([5, 0, 3, 3])
    call = f"cross_entropy(logits, {show(targets)}), logits = torch.randn(4, 6, dtype=torch.float64) (seed {SEED})"
    got, expected = _ce(sub, logits, targets, call, rtol=1e-10, atol=1e-12)
    idea = Text("float64 logits are computed in float64 and give a float64 loss: no .float() on the way.",
                "float64 로짓은 float64로 계산해서 float64 손실을 냅니다: 중간에 .float()를 쓰지 마세요.")
    via_float32 = F.cross_entropy(logits.float(), targets).double()
    if isinstance(got, torch.Tensor) and got.dtype == torch.float64 and got.dim() == 0 \
            and not torch.isclose(got.detach(), expected, rtol=1e-10, atol=1e-12) \
            and torch.isclose(got.detach(), via_float32, rtol=1e-6, atol=1e-7):
        raise report(call, expected, got, Text(
            "The loss is float64, but its value has float32 precision (it matches the float32 loss to ~7 "
            "digits, not to 10): somewhere the logits went through float32 (.float(), or a float32 tensor "
            "mixed in) and were cast back. Compute in the logits' own dtype.",
            "손실은 float64이지만 값의 정밀도는 float32입니다(float32 손실과 10자리가 아니라 약 7자리까지 "
            "같습니다): 어딘가에서 로짓이 float32를 거쳤다가(.float(), 또는 float32 텐서와 섞임) 다시 "
            "바뀌었습니다. 로짓의 dtype 그대로 계산하세요."), idea, mistake="computed_in_float32")
    expect_tensor(got, expected, call=call, rtol=1e-10, atol=1e-12, idea=idea)


@check("cross_entropy_keeps_graph", points=1)
def test_cross_entropy_graph(sub):
    logits = torch.randn(4, 3, generator=_gen()).requires_grad_()
    targets = torch.tensor([0, 2, 1, 0])
    call = (f"cross_entropy(logits, {show(targets)}), logits = torch.randn(4, 3) (seed {SEED}) "
            "with requires_grad=True")
    got, expected = _ce(sub, logits, targets, call)
    if isinstance(got, torch.Tensor) and not got.requires_grad:
        raise report(call, expected, got, Text(
            "The loss came back without an autograd graph (requires_grad=False), so loss.backward() could "
            "not train anything. Something cut the graph: .item(), .detach(), .data, numpy, or building a new "
            "tensor with torch.tensor(...). Keep every step a torch operation on the logits.",
            "손실이 autograd 그래프 없이 왔습니다(requires_grad=False). 그러면 loss.backward()로 아무것도 학습할 수 "
            "없습니다. .item(), .detach(), .data, numpy, 또는 torch.tensor(...)로 새 텐서를 만드는 것이 그래프를 "
            "끊었습니다. 모든 단계를 로짓에 대한 torch 연산으로 유지하세요."), IDEA_CE, mistake="graph_cut")
    expect_tensor(got, expected, call=call, idea=IDEA_CE, requires_grad=True)


@check("cross_entropy_unseen_classes", points=1, cuda=True)
def test_cross_entropy_unseen(sub, device):
    logits = torch.randn(6, 4, generator=_gen()).to(device)
    targets = torch.tensor([0, 1, 1, 0, 2, 0], device=device)
    call = (f"cross_entropy(logits, {show(targets)}), logits = torch.randn(6, 4) (seed {SEED}); "
            "class 3 never appears in targets")
    r = sub.reply("cross_entropy", logits, targets)
    # blame a guessed one-hot width only when the sizes that clash are C and targets.max() + 1
    sizes = {int(v) for v in re.findall(r"tensor [ab] \((\d+)\)", r.message or "")}
    if r.status == "raised" and any(w in r.message for w in ("size of tensor", "must match", "shape")) \
            and (not sizes or sizes == {logits.shape[1], int(targets.max()) + 1}):
        raise fail(
            f"{call}\n  raised {r.type}: {r.message}\n"
            "  The number of classes is logits.shape[1] = 4, but only classes 0..2 occur in this batch. "
            "A size mismatch here usually means a one-hot matrix with too few columns: F.one_hot(targets) guesses "
            "num_classes = targets.max() + 1 = 3, and a (6, 3) one-hot does not fit the (6, 4) logits. "
            "Pass num_classes=logits.shape[1], or pick with lp[torch.arange(N), targets].\n"
            f"  Revisit: {IDEA_CE.en}",
            f"{call}\n  {r.type} 예외 발생: {r.message}\n"
            "  클래스 수는 logits.shape[1] = 4인데 이 배치에는 클래스 0..2만 있습니다. 여기서 크기가 맞지 않는다면 "
            "보통 one-hot 행렬의 열이 모자란 것입니다: F.one_hot(targets)는 num_classes = targets.max() + 1 = 3으로 "
            "추측하므로 (6, 3) one-hot이 (6, 4) 로짓과 맞지 않습니다. "
            "num_classes=logits.shape[1]을 넘기거나 lp[torch.arange(N), targets]로 고르세요.\n"
            f"  다시 볼 개념: {IDEA_CE.ko}", mistake="one_hot_guessed_classes")
    got, expected = _ce(sub, logits, targets, call)
    expect_tensor(got, expected, call=call, idea=IDEA_CE)
