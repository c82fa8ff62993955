"""Hidden checks for linear_model. Expected values come from torch in the judge."""

import torch

from grader.checks import check
from grader.compare import (IDEA_SAME_SHAPE, Mistake, equals, expect_number, expect_shape_refused, expect_tensor,
                            name_mistake, report, show)
from grader.i18n import Text
from grader.proxy import describe_call, problem_for
from grader.sandbox import judge as J

KNOWN_MISTAKES = {
    "mse_half_sum": "half the sum of squared errors, the textbook 1/2 instead of the mean",
    "transposed_weight": "W used as (p, d), like nn.Linear.weight: W.T or X on the right",
    "star_not_matmul": "X * W, the element-wise product, instead of X @ W",
    "bias_as_column": "b reshaped into a column (p, 1)",
    "transposed_output": "the result transposed: W.T @ X.T",
    "no_bias": "X @ W without the bias",
    "bias_summed": "the sum of all biases added to every output",
    "bias_mean": "the mean of the biases added to every output",
    "bias_first_only": "b[0] added to every output",
    "bias_multiplied": "the bias multiplied instead of added",
    "bias_per_input": "n_parameters: one bias per input (d) instead of per output (p)",
    "count_weights_only": "n_parameters: the biases not counted with bias=True",
    "count_d_plus_p": "n_parameters: d + p weights instead of d * p",
    "ignores_bias_flag": "n_parameters: biases counted although bias=False",
    "mse_item": "the loss returned as a Python float (.item())",
    "loss_not_scalar": "a one-element loss of shape (1,) instead of a 0-dim tensor",
    "mse_mean_dim0": "the mean over dim 0 only",
    "mse_no_mean": "the squared errors returned without the mean",
    "mse_sum": "the sum of the squared errors instead of the mean",
    "mse_abs": "the mean absolute error: differences not squared",
    "mse_rmse": "the square root of the MSE",
    "mse_divides_by_rows": "the sum divided by the number of rows instead of elements",
    "mse_always_unsqueeze": "y unsqueezed although it had y_hat's shape: (N,) - (N, 1) broadcast",
    "mse_n_minus_1": "the sum divided by n - 1",
    "mse_square_of_mean": "the mean difference squared instead of the mean of the squares",
    "no_shape_check": "shapes that differ not refused: (N, 1) against (N,) broadcast to (N, N)",
    "reshapes_mismatched_shapes": "shapes that differ paired by a reshape instead of refused with ValueError",
    "mse_rewrapped": "the loss rebuilt from a number: cut off from the autograd graph",
}

SEED = 20261122
IDEA_LINEAR = Text("Y = X @ W + b: X (N, d) @ W (d, p) is (N, p), and b (p,) broadcasts over the rows.",
                   "Y = X @ W + b: X (N, d) @ W (d, p)는 (N, p)이고, b (p,)는 행마다 브로드캐스팅됩니다.")
IDEA_COUNT = Text("a linear layer learns d × p weights plus p biases (one per output).",
                  "선형 층은 가중치 d × p개와 편향 p개(출력마다 하나)를 학습합니다.")
IDEA_MSE = Text("the MSE squares each difference, then averages over all elements: one number.",
                "MSE는 각 차이를 제곱한 뒤 모든 원소에 대해 평균을 냅니다: 숫자 하나입니다.")
IDEA_TENSOR = Text("keep the loss a 0-dim tensor (no .item(), no float()): training calls loss.backward() on it.",
                   "손실은 0차원 텐서로 두세요(.item(), float() 금지): 학습에서 loss.backward()를 호출합니다.")


def _gen(offset=0):
    return torch.Generator().manual_seed(SEED + offset)


def _close(a, b, rtol=1e-4, atol=1e-5):
    return isinstance(a, torch.Tensor) and a.shape == b.shape and a.is_floating_point() and torch.allclose(
        a.detach().cpu().double(), b.detach().cpu().double(), rtol=rtol, atol=atol)


def _gives(value, expected):
    """A detector: ``got`` is ``value`` (None: cannot happen here), which differs from ``expected``."""
    return lambda got: value is not None and _close(got, value) and not _close(value, expected)


# ------------------------------------------------------------------ linear
def _linear_reply(sub, X, W, b, call):
    """The learner's linear(X, W, b); a shape error from a transposed W or a column bias is named."""
    r = sub.reply("linear", X, W, b)
    if r.status == J.RAISED:
        msg = r.message or ""
        expected = X @ W + b
        if "cannot be multiplied" in msg or "size mismatch" in msg or "mat1 and mat2" in msg:
            raise report(call, expected, f"raises {r.type}: {msg}", Text(
                f"The matrix product failed: X is {tuple(X.shape)} and W is {tuple(W.shape)}, so X @ W "
                "works as it is. W is stored (d, p) here, not like nn.Linear.weight (p, d): no W.T, and X "
                "goes on the left.",
                f"행렬 곱이 실패했습니다: X는 {tuple(X.shape)}, W는 {tuple(W.shape)}이므로 X @ W는 그대로 "
                "계산됩니다. 여기서 W는 nn.Linear.weight의 (p, d)가 아니라 (d, p)로 저장됩니다: W.T 없이, X를 "
                "왼쪽에 두세요."), IDEA_LINEAR, mistake="transposed_weight")
        if "must match the size" in msg and _elementwise_error(X, W) == msg:
            raise report(call, expected, f"raises {r.type}: {msg}", Text(
                f"X * W is the element-wise product, which needs matching (broadcastable) shapes: X is "
                f"{tuple(X.shape)} and W is {tuple(W.shape)}. The linear model needs the matrix product, "
                "X @ W (torch.matmul): each output is a sum over the d features.",
                f"X * W는 원소별 곱이라 모양이 맞아야(브로드캐스팅 가능해야) 합니다: X는 {tuple(X.shape)}, W는 "
                f"{tuple(W.shape)}입니다. 선형 모델에는 행렬 곱 X @ W(torch.matmul)가 필요합니다: 각 출력은 d개 "
                "특성에 대한 합입니다."), IDEA_LINEAR, mistake="star_not_matmul")
        if "must match the size" in msg:
            raise report(call, expected, f"raises {r.type}: {msg}", Text(
                f"Adding the bias failed: X @ W is {tuple(expected.shape)} and b is {tuple(b.shape)}, which "
                "broadcast as they are (b[j] is added to every row of column j). Reshaping b into a column "
                "(p, 1) lines it up with the rows instead.",
                f"편향 더하기가 실패했습니다: X @ W는 {tuple(expected.shape)}, b는 {tuple(b.shape)}이며 그대로 "
                "브로드캐스팅됩니다(열 j의 모든 행에 b[j]가 더해짐). b를 열 (p, 1)로 바꾸면 행 방향으로 맞춰집니다."),
                IDEA_LINEAR, mistake="bias_as_column")
    if r.status != J.OK:
        raise problem_for(r, call)
    return r.value


def _elementwise_error(X, W):
    """The message X * W raises (None when it broadcasts): tells an element-wise product from a bias error."""
    try:
        X * W
    except RuntimeError as e:
        return str(e)
    return None


def _linear_candidates(X, W, b):
    XW = X @ W
    e = XW + b
    return [
        Mistake("no_bias", _gives(XW, e), Text("This is X @ W without the bias: add b.",
                                               "이것은 편향이 없는 X @ W입니다: b를 더하세요.")),
        Mistake("bias_summed", _gives(XW + b.sum(), e), Text(
            "Every output got the sum of all biases: b[j] belongs to output column j only.",
            "모든 출력에 편향 전체의 합이 더해졌습니다: b[j]는 출력 열 j에만 더해집니다.")),
        Mistake("bias_mean", _gives(XW + b.mean(), e), Text(
            "Every output got the mean of the biases: b[j] belongs to output column j only.",
            "모든 출력에 편향의 평균이 더해졌습니다: b[j]는 출력 열 j에만 더해집니다.")),
        Mistake("bias_first_only", _gives(XW + b[0], e), Text(
            "Every output got b[0]: b[j] belongs to output column j.",
            "모든 출력에 b[0]이 더해졌습니다: b[j]는 출력 열 j에 더해집니다.")),
        Mistake("bias_multiplied", _gives(XW * b, e), Text("The bias was multiplied, not added.",
                                                           "편향을 더하지 않고 곱했습니다.")),
    ]


def _check_linear(sub, X, W, b, call):
    got = _linear_reply(sub, X, W, b, call)
    expected = X @ W + b
    if isinstance(got, torch.Tensor) and tuple(got.shape) == tuple(reversed(expected.shape)) \
            and got.shape != expected.shape:
        raise report(call, expected, got, Text(
            f"The result is transposed: {tuple(got.shape)} instead of (N, p) = {tuple(expected.shape)}. "
            "One row per sample: X @ W, not W.T @ X.T.",
            f"결과가 전치되었습니다: (N, p) = {tuple(expected.shape)} 대신 {tuple(got.shape)}입니다. "
            "샘플마다 한 행: W.T @ X.T가 아니라 X @ W."), IDEA_LINEAR, mistake="transposed_output")
    name_mistake(got, _linear_candidates(X, W, b), call=call, expected=expected, idea=IDEA_LINEAR)
    expect_tensor(got, expected, call=call, idea=IDEA_LINEAR, rtol=1e-5, atol=1e-5)


@check("linear_batch", points=2, cuda=True)
def test_linear_batch(sub, device):
    g = _gen()
    X = torch.randn(5, 3, generator=g).to(device)
    W = torch.randn(3, 2, generator=g).to(device)
    b = torch.randn(2, generator=g).to(device)
    _check_linear(sub, X, W, b, f"linear(X, W, b), X = randn(5, 3), W = randn(3, 2), b = randn(2) (seed {SEED})")


@check("linear_single_output", points=1)
def test_linear_single_output(sub):
    g = _gen(1)
    X = torch.randn(4, 3, generator=g)
    W = torch.randn(3, 1, generator=g)
    b = torch.tensor([0.5])
    _check_linear(sub, X, W, b, f"linear(X, W, b), X = randn(4, 3), W = randn(3, 1), b = {show(b)} "
                                f"(seed {SEED + 1})")


@check("linear_bias_per_output", points=1)
def test_linear_bias_per_output(sub):
    g = _gen(2)
    X = torch.randn(6, 4, generator=g)
    W = torch.randn(4, 3, generator=g)
    b = torch.tensor([10.0, -20.0, 30.0])
    _check_linear(sub, X, W, b, f"linear(X, W, b), X = randn(6, 4), W = randn(4, 3), b = {show(b)} "
                                f"(seed {SEED + 2})")


# ------------------------------------------------------------------ n_parameters
def _count(sub, args, kwargs, expected, mistakes):
    got = sub.call("n_parameters", *args, **kwargs)
    call = describe_call("n_parameters", args, kwargs)
    expect_number(got, expected, call=call, idea=IDEA_COUNT, integer=True,
                  mistakes=[m for m in mistakes if not m.detect(expected)])


@check("n_parameters_bias", points=1)
def test_n_parameters_bias(sub):
    for d, p in ((3, 2), (784, 10), (10, 1)):
        exp = d * p + p
        mistakes = [
            Mistake("bias_per_input", equals(d * p + d), Text(
                f"That is d × p + d: one bias per input. There is one bias per output, so p = {p} biases.",
                f"이것은 d × p + d, 즉 입력마다 편향 하나입니다. 편향은 출력마다 하나이므로 p = {p}개입니다.")),
            Mistake("count_weights_only", equals(d * p), Text(
                "That counts only the weights: with bias=True add the p biases.",
                "가중치만 셌습니다: bias=True이면 편향 p개를 더하세요.")),
            Mistake("count_d_plus_p", equals(d + p), Text(
                "W is a d × p matrix: its entries multiply, d × p, not d + p.",
                "W는 d × p 행렬입니다: 원소 수는 d + p가 아니라 d × p입니다.")),
        ]
        _count(sub, (d, p), {}, exp, mistakes)


@check("n_parameters_no_bias", points=1)
def test_n_parameters_no_bias(sub):
    for d, p in ((784, 10), (3, 2)):
        ignored = Text("This still counts the biases: bias=False means there is no b.",
                       "아직 편향을 세고 있습니다: bias=False이면 b가 없습니다.")
        _count(sub, (d, p), {"bias": False}, d * p,
               [Mistake("ignores_bias_flag", lambda got: type(got) is int and got in (d * p + p, d * p + d), ignored)])


# ------------------------------------------------------------------ mse
def _unsqueezed_mse(y_hat, y):
    """The mean of (y_hat - y.unsqueeze(-1)) ** 2 when y already had y_hat's shape and that broadcasts, else None."""
    if y.shape != y_hat.shape:
        return None
    try:
        return ((y_hat.detach() - y.detach().unsqueeze(-1)) ** 2).mean()
    except RuntimeError:
        return None


def _mse_candidates(y_hat, y, expected):
    d = y_hat.detach() - y.detach()
    n = d.numel()
    by_rows = (d ** 2).sum() / d.shape[0] if d.dim() > 1 and d.shape[0] != n else None
    return [
        Mistake("mse_sum", _gives((d ** 2).sum(), expected), Text(
            f"This is the sum of the squared errors, {n} times too large: take the mean "
            "(divide by the number of elements).",
            f"이것은 제곱 오차의 합으로 {n}배 큽니다: 평균을 내세요(원소 수로 나누기).")),
        Mistake("mse_abs", _gives(d.abs().mean(), expected), Text(
            "This is the mean absolute error: the differences were not squared.",
            "이것은 평균 절대 오차입니다: 차이를 제곱하지 않았습니다.")),
        Mistake("mse_rmse", _gives((d ** 2).mean().sqrt(), expected), Text(
            "This is the square root of the MSE (RMSE): leave out the sqrt.",
            "이것은 MSE의 제곱근(RMSE)입니다: sqrt를 빼세요.")),
        Mistake("mse_divides_by_rows", _gives(by_rows, expected), Text(
            f"This divides the sum of squared errors by the number of rows N = {d.shape[0] if d.dim() else n} "
            f"(len(y_hat)), not by the number of elements n = {n}: the MSE averages over every element, so use "
            ".mean() (or divide by .numel()).",
            f"제곱 오차의 합을 원소 수 n = {n}이 아니라 행 수 N = {d.shape[0] if d.dim() else n}(len(y_hat))으로 "
            "나눴습니다: MSE는 모든 원소에 대해 평균을 내므로 .mean()을 쓰세요(또는 .numel()로 나누세요).")),
        Mistake("mse_always_unsqueeze", _gives(_unsqueezed_mse(y_hat, y), expected), Text(
            f"y was unsqueezed into a column although it already had y_hat's shape {tuple(y_hat.shape)}: "
            f"y_hat - y.unsqueeze(-1) broadcasts every prediction against every label (accidental broadcasting, "
            "(N,) - (N, 1) makes (N, N)). Same shapes need nothing: subtract them as they are.",
            f"y가 이미 y_hat과 같은 모양 {tuple(y_hat.shape)}인데 열로 unsqueeze했습니다: y_hat - y.unsqueeze(-1)은 "
            "모든 예측과 모든 레이블을 짝지어 브로드캐스팅합니다(의도치 않은 브로드캐스팅, (N,) - (N, 1)은 (N, N)). "
            "모양이 같으면 아무것도 할 필요가 없습니다: 그대로 빼세요.")),
        Mistake("mse_half_sum", _gives((d ** 2).sum() / 2, expected), Text(
            "This is half the sum of the squared errors, (1/2)·Σ(ŷ - y)², the textbook form that makes the "
            "derivative tidy. The MSE is their mean: divide the sum by the number of elements n = "
            f"{n}, not by 2.",
            "제곱 오차 합의 절반, (1/2)·Σ(ŷ - y)²입니다. 미분을 깔끔하게 하려고 교과서에서 쓰는 꼴입니다. MSE는 "
            f"그 평균입니다: 합을 2가 아니라 원소 수 n = {n}으로 나누세요.")),
        Mistake("mse_n_minus_1", _gives((d ** 2).sum() / (n - 1), expected), Text(
            "This divides by n - 1: the MSE divides by the number of elements n.",
            "n - 1로 나눴습니다: MSE는 원소 수 n으로 나눕니다.")),
        Mistake("mse_square_of_mean", _gives(d.mean() ** 2, expected), Text(
            "This squares the mean difference: square each difference first, then average.",
            "평균 차이를 제곱했습니다: 각 차이를 먼저 제곱한 뒤 평균을 내세요.")),
    ]


def _check_mse(sub, y_hat, y, call, idea, requires_grad=None, extra=()):
    r = sub.reply("mse", y_hat, y)
    if r.status != J.OK:
        raise problem_for(r, call)
    got = r.value
    expected = ((y_hat.detach() - y.detach()) ** 2).mean()
    if isinstance(got, float):
        raise report(call, expected, got, Text(
            "A Python float came back (from .item() or float()): return the 0-dim tensor itself, so it stays on "
            "the device and in the autograd graph.",
            "Python float가 왔습니다(.item()이나 float() 때문): 0차원 텐서 그대로 돌려주세요. 그래야 장치와 "
            "autograd 그래프에 남습니다."), IDEA_TENSOR, mistake="mse_item")
    if isinstance(got, torch.Tensor) and got.dim() > 0:
        if got.numel() == 1:
            raise report(call, expected, got, Text(
                f"Shape {tuple(got.shape)}: a loss is a 0-dim tensor, shape (). Use .mean() over all elements "
                "(no keepdim, no dim=...).",
                f"모양 {tuple(got.shape)}: 손실은 모양 ()의 0차원 텐서입니다. 모든 원소에 대해 .mean()을 쓰세요"
                "(keepdim, dim=... 없이)."), IDEA_MSE, mistake="loss_not_scalar")
        sq = (y_hat.detach() - y.detach()) ** 2
        if sq.dim() > 1 and tuple(got.shape) == tuple(sq.shape[1:]) \
                and _close(got, sq.mean(dim=0)):
            raise report(call, expected, got, Text(
                f"Shape {tuple(got.shape)}: this is the mean over dim 0 only (the samples), one value per "
                f"column of the {tuple(sq.shape)} errors. The MSE averages over all elements into one number: "
                ".mean() without dim.",
                f"모양 {tuple(got.shape)}: dim 0(샘플) 방향으로만 평균을 내서 {tuple(sq.shape)} 오차의 열마다 "
                "값이 하나씩 나왔습니다. MSE는 모든 원소를 평균 내서 숫자 하나로 만듭니다: dim 없이 .mean()."),
                IDEA_MSE, mistake="mse_mean_dim0")
        if tuple(got.shape) == tuple(sq.shape):
            raise report(call, expected, got, Text(
                "These are the squared errors of each element: the mean over them is missing.",
                "원소마다의 제곱 오차입니다: 그 평균이 빠졌습니다."), IDEA_MSE, mistake="mse_no_mean")
    name_mistake(got, list(extra) + _mse_candidates(y_hat, y, expected), call=call, expected=expected, idea=idea)
    if requires_grad and isinstance(got, torch.Tensor) and got.shape == expected.shape and not got.requires_grad:
        raise report(call, expected, got, Text(
            "The value is right but it is cut off from y_hat's autograd graph (requires_grad=False): it was "
            "rebuilt from a number (torch.tensor(float(...))) or computed after .detach() / under no_grad. "
            "Compute it from y_hat with tensor operations so loss.backward() can reach y_hat.",
            "값은 맞지만 y_hat의 autograd 그래프에서 끊겼습니다(requires_grad=False): 숫자로부터 다시 만들었거나"
            "(torch.tensor(float(...))) .detach() 뒤 또는 no_grad 안에서 계산했습니다. loss.backward()가 y_hat까지 "
            "닿도록 y_hat에서 텐서 연산으로 계산하세요."), idea, mistake="mse_rewrapped")
    expect_tensor(got, expected, call=call, idea=idea, rtol=1e-5, atol=1e-6, requires_grad=requires_grad)


@check("mse_values", points=2, cuda=True)
def test_mse_values(sub, device):
    g = _gen(3)
    y_hat = torch.randn(6, generator=g).to(device)
    y = torch.randn(6, generator=g).to(device)
    _check_mse(sub, y_hat, y, f"mse(y_hat, y), y_hat = randn(6), y = randn(6) (seed {SEED + 3})", IDEA_MSE)


@check("mse_zero_dim", points=1)
def test_mse_zero_dim(sub):
    g = _gen(4)
    y_hat = torch.randn(3, 2, generator=g)
    y = torch.randn(3, 2, generator=g)
    _check_mse(sub, y_hat, y, f"mse(y_hat, y), y_hat = randn(3, 2), y = randn(3, 2) (seed {SEED + 4})", IDEA_MSE)


def _mse64(y_hat, y):
    return ((y_hat - y) ** 2).mean()


@check("mse_column_vs_vector", points=2, cuda=True)
def test_mse_column_vs_vector(sub, device):
    """The course's shape rule (docs/CONVENTIONS.md): a column (N, 1) against a vector (N,) is refused with
    ValueError, whichever comes first."""
    g = _gen(5)
    expect_shape_refused(sub, "mse", torch.randn(5, 1, generator=g).to(device), torch.randn(5, generator=g).to(device),
                         loss=_mse64, idea=IDEA_SAME_SHAPE)
    expect_shape_refused(sub, "mse", torch.randn(4, generator=g).to(device), torch.randn(4, 1, generator=g).to(device),
                         loss=_mse64, idea=IDEA_SAME_SHAPE)


@check("mse_keeps_graph", points=1)
def test_mse_keeps_graph(sub):
    g = _gen(6)
    y_hat = torch.randn(4, 1, generator=g).requires_grad_(True)
    y = torch.randn(4, 1, generator=g)
    _check_mse(sub, y_hat, y, f"mse(y_hat, y), y_hat = randn(4, 1).requires_grad_(), y = randn(4, 1) "
                              f"(seed {SEED + 6})", IDEA_TENSOR, requires_grad=True)


@check("mse_keeps_dtype", points=1)
def test_mse_keeps_dtype(sub):
    y_hat = torch.tensor([1.0, 2.0, 4.0], dtype=torch.float64)
    y = torch.tensor([1.0, 3.0, 2.0], dtype=torch.float64)
    _check_mse(sub, y_hat, y, f"mse({show(y_hat)}, {show(y)})", Text(
        "keep the inputs' dtype: float64 in, float64 out (no .float()).",
        "입력의 dtype을 유지하세요: float64가 들어오면 float64로(.float() 금지)."))
