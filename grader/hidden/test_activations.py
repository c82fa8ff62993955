"""Hidden checks for the activations exercise. Expected values come from torch itself, in the judge."""

import re

import torch

from grader.checks import check, fail
from grader.compare import Mistake, expect_tensor, expect_unchanged, first_nonfinite, name_mistake, report, show
from grader.i18n import Text, i_ga
from grader.proxy import Problem
from grader.sandbox import judge as J

SEED = 20260707
KNOWN_MISTAKES = {
    "sigmoid_sign_flipped": "sigmoid(-x) = 1 / (1 + exp(x)): the sign in the exponent flipped",
    "sigmoid_exp_overflow": "exp(-x) overflows for very negative x and becomes inf/inf",
    "sigmoid_ratio_form": "exp(x) / (1 + exp(x)) for large x: inf/inf",
    "tanh_as_sigmoid": "tanh returned sigmoid(x)",
    "tanh_exp_without_two": "tanh(x/2): exp(x) and 1 instead of exp(2x)",
    "naive_tanh": "(exp(x) - exp(-x)) / (exp(x) + exp(-x)) for large |x|: inf/inf",
    "relu_torch_max_dim": "torch.max(x, 0): the 0 read as a dim, a (values, indices) pair",
    "relu_clamp_max": "min(x, 0): clamp(max=0) instead of clamp(min=0)",
    "relu_abs": "abs(x) instead of max(x, 0)",
    "in_place": "modified the input tensor in place",
    "graph_cut": "the result cut off from the autograd graph (numpy, .detach(), torch.tensor(...))",
    "matmul_chain_mismatch": "the weights chained in an order or transpose whose shapes do not line up",
    "collapse_sum_biases": "the biases simply summed: b1 + b2 + ...",
    "collapse_identity_float32": "a new tensor (torch.eye, torch.zeros) in float32 mixed with other dtypes",
    "collapse_pops_lists": "weights.pop(0): the caller's lists shortened",
    "collapse_in_place": "the weights or biases given modified in place",
    "collapse_transposed": "W transposed: (d_out, d_in) instead of (d_in, d_out)",
    "collapse_reverse_order": "the weights multiplied in reverse order",
    "collapse_bias_through_own_w": "each bias passed through its own layer's W too",
    "collapse_accumulated_w": "each bias passed through the accumulated product instead of the layer's W",
    "collapse_last_bias_only": "only the last layer's bias",
}
IDEA_SIGMOID = Text(
    "sigmoid(x) = 1 / (1 + exp(-x)). For very negative x, exp(-x) overflows to inf, which 1 / (1 + inf) = 0 "
    "survives, but any other use of that inf (inf/inf, inf - inf) is nan, and the form exp(x) / (1 + exp(x)) "
    "gives inf/inf = nan for large x. A stable version never exponentiates a large positive number: with "
    "z = exp(-|x|), sigmoid = 1/(1+z) where x ≥ 0 and z/(1+z) where x < 0.",
    "sigmoid(x) = 1 / (1 + exp(-x)). 매우 작은 x에서 exp(-x)는 inf로 넘치는데, 1 / (1 + inf) = 0은 괜찮지만 "
    "그 inf를 다른 식(inf/inf, inf - inf)에 쓰면 nan이 되고, "
    "exp(x) / (1 + exp(x)) 형태는 큰 x에서 inf/inf = nan이 됩니다. 안정적인 버전은 큰 양수를 지수로 올리지 "
    "않습니다: z = exp(-|x|)로 x ≥ 0이면 1/(1+z), x < 0이면 z/(1+z).")
IDEA_TANH = Text(
    "tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x)) overflows to inf/inf = nan for |x| large. "
    "With z = exp(-2|x|) ≤ 1: tanh(x) = sign(x) * (1 - z) / (1 + z) (or 2 * sigmoid(2x) - 1 with a stable sigmoid).",
    "tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))는 |x|가 크면 inf/inf = nan으로 넘칩니다. "
    "z = exp(-2|x|) ≤ 1로 tanh(x) = sign(x) * (1 - z) / (1 + z)(또는 안정적인 sigmoid로 2 * sigmoid(2x) - 1).")
IDEA_RELU = Text("relu(x) = max(x, 0) element-wise: keep the positive part, zero the rest "
                 "(torch.clamp(x, min=0) or torch.where(x > 0, x, 0)).",
                 "relu(x) = 원소별 max(x, 0): 양수 부분은 두고 나머지는 0(torch.clamp(x, min=0) 또는 "
                 "torch.where(x > 0, x, 0)).")
IDEA_DTYPE = Text("build the result from x with torch operations only; a constant made with torch.zeros(shape) or "
                  ".float() is float32 and promotes or changes the dtype (use torch.zeros_like(x), or plain Python numbers).",
                  "결과는 x에 대한 torch 연산만으로 만드세요. torch.zeros(shape)나 .float()로 만든 상수는 float32라서 "
                  "dtype을 승격하거나 바꿉니다(torch.zeros_like(x)나 파이썬 숫자를 쓰세요).")
IDEA_COLLAPSE = Text(
    "With no activation in between, (X @ W1 + b1) @ W2 + b2 = X @ (W1 @ W2) + (b1 @ W2 + b2). In general, in order: "
    "W = W1 @ W2 @ ... @ Wk (shape (d_in, d_out)), and b = ((b1 @ W2 + b2) @ W3 + b3) ... : every bias passes "
    "through all the layers after its own.",
    "사이에 활성화 함수가 없으면 (X @ W1 + b1) @ W2 + b2 = X @ (W1 @ W2) + (b1 @ W2 + b2)입니다. 일반적으로 순서대로 "
    "W = W1 @ W2 @ ... @ Wk(모양 (d_in, d_out)), b = ((b1 @ W2 + b2) @ W3 + b3) ... 입니다: 각 편향은 자기 층 "
    "다음의 모든 층을 통과합니다.")

_IDEAS = {"sigmoid": IDEA_SIGMOID, "tanh": IDEA_TANH, "relu": IDEA_RELU}
_REFS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def _gen():
    return torch.Generator().manual_seed(SEED)


# ------------------------------------------------------------------ element-wise
@check("sigmoid_values", points=2, cuda=True)
def test_sigmoid_values(sub, device):
    x = (torch.randn(3, 4, generator=_gen()) * 3).to(device)
    call = f"sigmoid(x), x = 3 * torch.randn(3, 4) (seed {SEED})"
    got = sub.sigmoid(x)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point() \
            and torch.allclose(got.detach().cpu().double(), torch.sigmoid(-x).cpu().double(), atol=1e-6):
        raise report(call, torch.sigmoid(x), got, Text(
            "That is sigmoid(-x) = 1 / (1 + exp(x)): the sign in the exponent is flipped.",
            "sigmoid(-x) = 1 / (1 + exp(x))입니다: 지수의 부호가 뒤집혔습니다."), IDEA_SIGMOID,
            mistake="sigmoid_sign_flipped")
    expect_tensor(got, torch.sigmoid(x), call=call, idea=IDEA_SIGMOID)


def _probe(sub, fn, x, why_nan, mistake):
    """A numerical-stability probe: fn(x) must be finite and right; names the first nan/inf, and ``why_nan``,
    the ``mistake`` that usually makes it."""
    expected = _REFS[fn](x)
    call = f"{fn}({show(x)})"
    got = getattr(sub, fn)(x)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point():
        bad = first_nonfinite(got)
        if bad is not None:
            kind, where = bad
            value = float(got.detach().cpu()[where])
            name = "-inf" if kind == "inf" and value < 0 else kind
            raise report(call, expected, got, Text(
                f"The first {name} is at index {where}, where x = {float(x.cpu()[where]):g}. {why_nan.en}",
                f"첫 {name}{i_ga(name)} x = {float(x.cpu()[where]):g}인 인덱스 {where}에 있습니다. {why_nan.ko}"), _IDEAS[fn],
                mistake)
    expect_tensor(got, expected, call=call, idea=_IDEAS[fn])


@check("sigmoid_minus_1000", points=1, cuda=True)
def test_sigmoid_minus_1000(sub, device):
    x = torch.tensor([-1000.0, -100.0, -30.0, -1.0], device=device)
    _probe(sub, "sigmoid", x, Text(
        "exp(-x) = exp(1000) overflows to inf, and something then computed inf/inf or inf - inf = nan "
        "(1 / (1 + inf) alone would be a harmless 0). sigmoid(-1000) is 0: for x < 0 compute "
        "exp(x) / (1 + exp(x)), which only exponentiates numbers ≤ 0.",
        "exp(-x) = exp(1000)이 inf로 넘친 뒤 inf/inf나 inf - inf = nan을 계산했습니다(1 / (1 + inf)만이라면 "
        "무해한 0). sigmoid(-1000)은 0입니다: x < 0에서는 0 이하의 수만 지수로 올리는 exp(x) / (1 + exp(x))를 쓰세요."),
        mistake="sigmoid_exp_overflow")


@check("sigmoid_plus_1000", points=1, cuda=True)
def test_sigmoid_plus_1000(sub, device):
    x = torch.tensor([1000.0, 100.0, 30.0, 1.0], device=device)
    _probe(sub, "sigmoid", x, Text(
        "exp(x) = exp(1000) overflows to inf, and exp(x) / (1 + exp(x)) = inf/inf = nan. sigmoid(1000) is 1: "
        "for x ≥ 0 compute 1 / (1 + exp(-x)), which only exponentiates numbers ≤ 0.",
        "exp(x) = exp(1000)이 inf로 넘쳐서 exp(x) / (1 + exp(x)) = inf/inf = nan이 됩니다. sigmoid(1000)은 1입니다: "
        "x ≥ 0에서는 0 이하의 수만 지수로 올리는 1 / (1 + exp(-x))를 쓰세요."), mistake="sigmoid_ratio_form")


@check("tanh_values", points=2, cuda=True)
def test_tanh_values(sub, device):
    x = (torch.randn(3, 4, generator=_gen()) * 2).to(device)
    call = f"tanh(x), x = 2 * torch.randn(3, 4) (seed {SEED})"
    got = sub.tanh(x)
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point():
        g = got.detach().cpu().double()
        xd = x.cpu().double()
        if torch.allclose(g, torch.sigmoid(xd), atol=1e-6):
            raise report(call, torch.tanh(x), got, Text(
                "That is sigmoid(x), with values in (0, 1); tanh has values in (-1, 1): tanh(x) = 2 * sigmoid(2x) - 1.",
                "이것은 값이 (0, 1)인 sigmoid(x)입니다. tanh의 값은 (-1, 1)입니다: tanh(x) = 2 * sigmoid(2x) - 1."),
                IDEA_TANH, mistake="tanh_as_sigmoid")
        if torch.allclose(g, torch.tanh(xd / 2), atol=1e-6):
            raise report(call, torch.tanh(x), got, Text(
                "That is tanh(x/2): with e = exp(x) the formula uses exp(2x) (or exp(x) and exp(-x)), "
                "not exp(x) and 1.",
                "이것은 tanh(x/2)입니다: 공식에는 exp(x)와 1이 아니라 exp(2x)(또는 exp(x)와 exp(-x))가 들어갑니다."),
                IDEA_TANH, mistake="tanh_exp_without_two")
    expect_tensor(got, torch.tanh(x), call=call, idea=IDEA_TANH)


_TANH_NAN = Text(
    "exp(±x) = exp(1000) overflows to inf, and the quotient becomes inf/inf = nan (or -inf/inf). "
    "tanh(±1000) is ±1: write it with z = exp(-2|x|), which is at most 1: sign(x) * (1 - z) / (1 + z).",
    "exp(±x) = exp(1000)이 inf로 넘쳐서 몫이 inf/inf = nan(또는 -inf/inf)이 됩니다. tanh(±1000)은 ±1입니다: "
    "최대 1인 z = exp(-2|x|)로 쓰세요: sign(x) * (1 - z) / (1 + z).")


@check("tanh_plus_1000", points=1, cuda=True)
def test_tanh_plus_1000(sub, device):
    _probe(sub, "tanh", torch.tensor([1000.0, 100.0, 20.0, 0.5], device=device), _TANH_NAN, mistake="naive_tanh")


@check("tanh_minus_1000", points=1, cuda=True)
def test_tanh_minus_1000(sub, device):
    _probe(sub, "tanh", torch.tensor([-1000.0, -100.0, -20.0, -0.5], device=device), _TANH_NAN, mistake="naive_tanh")


@check("relu_values", points=1, cuda=True)
def test_relu_values(sub, device):
    x = torch.tensor([[-2.0, -0.5, 0.0], [0.25, 1.5, -3.0]], device=device)
    call = f"relu({show(x)})"
    try:
        got = sub.relu(x)
    except Problem:
        last = sub.last
        if last is None or last.status != J.UNSENDABLE or not re.search(r"\bmax\b", f"{last.type} {last.message}"):
            raise
        raise fail(
            f"{call} returned a torch.return_types.max, the (values, indices) pair.\n"
            "  torch.max(x, 0) does not compare x with 0: the 0 is read as a dim, so it takes the largest entry "
            "along dim 0. For the element-wise max(x, 0) use torch.clamp(x, min=0) or "
            "torch.maximum(x, torch.zeros_like(x)).\n"
            f"  Revisit: {IDEA_RELU.en}",
            f"{call}{i_ga(call)} (values, indices) 쌍인 torch.return_types.max를 반환했습니다.\n"
            "  torch.max(x, 0)은 x를 0과 비교하지 않습니다: 0이 dim으로 읽혀 dim 0 방향의 가장 큰 원소를 구합니다. "
            "원소별 max(x, 0)에는 torch.clamp(x, min=0)이나 torch.maximum(x, torch.zeros_like(x))를 쓰세요.\n"
            f"  다시 볼 개념: {IDEA_RELU.ko}", mistake="relu_torch_max_dim") from None
    if isinstance(got, torch.Tensor) and got.shape == x.shape and got.is_floating_point():
        g = got.detach().cpu()
        if torch.equal(g, x.cpu().clamp(max=0)):
            raise report(call, torch.relu(x), got, Text(
                "That is min(x, 0): the negative part was kept and the positive part zeroed (clamp(max=0) "
                "instead of clamp(min=0)).",
                "min(x, 0)입니다: 음수 부분을 남기고 양수 부분을 0으로 만들었습니다(clamp(min=0) 대신 clamp(max=0))."),
                IDEA_RELU, mistake="relu_clamp_max")
        if torch.equal(g, x.cpu().abs()):
            raise report(call, torch.relu(x), got, Text(
                "That is abs(x): negative inputs must become 0, not change sign.",
                "abs(x)입니다: 음수 입력은 부호가 바뀌는 것이 아니라 0이 되어야 합니다."), IDEA_RELU, mistake="relu_abs")
    expect_tensor(got, torch.relu(x), call=call, idea=IDEA_RELU)


def _each(sub, x, label, **kw):
    for fn in ("sigmoid", "tanh", "relu"):
        expect_tensor(getattr(sub, fn)(x), _REFS[fn](x), call=f"{fn}({label})", **kw)


@check("float64_kept", points=1)
def test_float64(sub):
    x = torch.tensor([-3.0, -0.1, 0.0, 0.7, 4.0], dtype=torch.float64)
    _each(sub, x, show(x), rtol=1e-10, atol=1e-12, idea=IDEA_DTYPE)


@check("float16_kept", points=1)
def test_float16(sub):
    x = torch.tensor([-3.0, -0.5, 0.0, 0.75, 4.0], dtype=torch.float16)
    _each(sub, x, show(x), rtol=2e-3, atol=2e-3, idea=IDEA_DTYPE)


@check("any_shape", points=1)
def test_any_shape(sub):
    scalar = torch.tensor(-1.25)
    _each(sub, scalar, show(scalar), idea=Text(
        "element-wise means any shape works, a 0-dim tensor too: use tensor operations, not loops over x or "
        "indexing like x[0].",
        "원소별이란 0차원 텐서를 포함해 어떤 모양에서도 동작한다는 뜻입니다: x에 대한 반복문이나 x[0] 같은 인덱싱이 "
        "아니라 텐서 연산을 쓰세요."))
    x = torch.randn(2, 1, 3, generator=_gen())
    _each(sub, x, f"x), x = torch.randn(2, 1, 3) (seed {SEED}", idea=Text(
        "element-wise: the output has exactly the input's shape.",
        "원소별: 출력의 모양은 입력과 정확히 같습니다."))


@check("input_not_modified", points=2)
def test_input_not_modified(sub):
    for fn in ("sigmoid", "tanh", "relu"):
        x = torch.tensor([[-2.0, 0.5, -0.25], [3.0, -1.0, 0.0]])
        got, after = sub.call_and_args(fn, x)
        expect_unchanged(f"{fn}({show(x)})", {"x": (x, after[0])}, Text(
            f"`{fn}` changed its input in place (e.g. `x[x < 0] = 0`, `x.clamp_(...)`, `x.relu_()`, "
            "`x.mul_(...)`, `x *= ...`). The caller still needs x (in a network: for the backward pass): "
            "compute into a new tensor.",
            f"`{fn}`{i_ga(fn)} 입력을 제자리에서 바꿨습니다(예: `x[x < 0] = 0`, `x.clamp_(...)`, `x.relu_()`, "
            "`x.mul_(...)`, `x *= ...`). 호출한 쪽은 x가 계속 필요합니다(신경망에서는 역전파에): 새 텐서로 "
            "계산하세요."), _IDEAS[fn], mistake="in_place")
        expect_tensor(got, _REFS[fn](x), call=f"{fn}({show(x)})", idea=_IDEAS[fn])


@check("keeps_graph", points=1)
def test_keeps_graph(sub):
    x = torch.randn(5, generator=_gen()).requires_grad_()
    for fn in ("sigmoid", "tanh", "relu"):
        call = f"{fn}(x), x = torch.randn(5) (seed {SEED}) with requires_grad=True"
        got = getattr(sub, fn)(x)
        if isinstance(got, torch.Tensor) and not got.requires_grad:
            raise report(call, _REFS[fn](x), got, Text(
                "The result came back without an autograd graph (requires_grad=False), so nothing before this "
                "activation could learn. Something cut the graph: numpy, .detach(), .data, .item(), or a new "
                "tensor built with torch.tensor(...). Use torch operations on x only.",
                "결과가 autograd 그래프 없이 왔습니다(requires_grad=False). 그러면 이 활성화 함수 앞의 어떤 것도 학습할 "
                "수 없습니다. numpy, .detach(), .data, .item(), 또는 torch.tensor(...)로 만든 새 텐서가 그래프를 "
                "끊었습니다. x에 대한 torch 연산만 쓰세요."), _IDEAS[fn], mistake="graph_cut")
        expect_tensor(got, _REFS[fn](x), call=call, idea=_IDEAS[fn], requires_grad=True)


# ------------------------------------------------------------------ collapse_linear
def _layers(widths, seed, dtype=torch.float32, device="cpu"):
    g = torch.Generator().manual_seed(seed)
    ws = [torch.randn(a, b, generator=g, dtype=dtype).to(device) for a, b in zip(widths, widths[1:])]
    bs = [torch.randn(b, generator=g, dtype=dtype).to(device) for b in widths[1:]]
    return ws, bs


def _collapse_ref(ws, bs):
    W, b = ws[0], bs[0]
    for Wi, bi in zip(ws[1:], bs[1:]):
        W, b = W @ Wi, b @ Wi + bi
    return W, b


def _collapse(sub, ws, bs, call):
    """Call collapse_linear; explain a matmul that does not line up; insist the inputs stay untouched."""
    r = sub.reply("collapse_linear", ws, bs, _return_args=True)
    if r.status == "raised":
        shapes = " @ ".join(str(tuple(w.shape)) for w in ws)
        if "cannot be multiplied" in r.message or "size mismatch" in r.message:
            raise fail(
                f"{call}\n  raised {r.type}: {r.message}\n"
                f"  A matrix product does not line up. With the row convention X @ W_i, the weights chain left to "
                f"right: W = {shapes} (each W_i has shape (d_in, d_out)); the reverse order or a transpose breaks "
                "the chain. A bias of layer i has length d_out of layer i, so it can only go through the later "
                "layers' own W's (b @ W_{i+1}), not through a product that starts at W_1.\n"
                f"  Revisit: {IDEA_COLLAPSE.en}",
                f"{call}\n  {r.type} 예외 발생: {r.message}\n"
                f"  행렬 곱의 모양이 맞지 않습니다. X @ W_i 행 규약에서는 가중치가 왼쪽에서 오른쪽으로 이어집니다: "
                f"W = {shapes}(각 W_i의 모양은 (d_in, d_out)). 역순이나 전치는 사슬을 끊습니다. i번째 층의 편향 길이는 "
                "그 층의 d_out이므로 뒤 층 각각의 W만 통과할 수 있고(b @ W_{i+1}), W_1에서 시작하는 곱은 통과할 수 "
                "없습니다.\n"
                f"  다시 볼 개념: {IDEA_COLLAPSE.ko}", mistake="matmul_chain_mismatch")
        if "must match the size" in r.message:
            lengths = ", ".join(str(tuple(b.shape)) for b in bs)
            raise fail(
                f"{call}\n  raised {r.type}: {r.message}\n"
                f"  Two vectors of different lengths were added. The biases have shapes {lengths}, so they cannot "
                "simply be summed: each bias must first pass through the weights of the layers after it, "
                "b = b @ W_i + b_i, which brings it to the next layer's width.\n"
                f"  Revisit: {IDEA_COLLAPSE.en}",
                f"{call}\n  {r.type} 예외 발생: {r.message}\n"
                f"  길이가 다른 벡터를 더했습니다. 편향의 모양이 {lengths}이므로 그냥 더할 수 없습니다: 각 편향은 먼저 "
                "뒤 층의 가중치를 통과해야 합니다. b = b @ W_i + b_i로 다음 층의 폭이 됩니다.\n"
                f"  다시 볼 개념: {IDEA_COLLAPSE.ko}", mistake="collapse_sum_biases")
        if "dtype" in r.message or "scalar type" in r.message:
            raise fail(
                f"{call}\n  raised {r.type}: {r.message}\n"
                f"  The weights are {str(ws[0].dtype).replace('torch.', '')}, but something you made has another "
                "dtype (torch.eye(d) or torch.zeros(d) are float32). Make new tensors with dtype=W.dtype, "
                "device=W.device, or start from weights[0] and biases[0].\n"
                f"  Revisit: {IDEA_COLLAPSE.en}",
                f"{call}\n  {r.type} 예외 발생: {r.message}\n"
                f"  가중치는 {str(ws[0].dtype).replace('torch.', '')}인데, 직접 만든 텐서의 dtype이 다릅니다"
                "(torch.eye(d)나 torch.zeros(d)는 float32). 새 텐서는 dtype=W.dtype, device=W.device로 만들거나 "
                "weights[0], biases[0]에서 시작하세요.\n"
                f"  다시 볼 개념: {IDEA_COLLAPSE.ko}", mistake="collapse_identity_float32")
        sub.call("collapse_linear", ws, bs)  # any other error: the learner's own message
    after = r.args_after or [None, None]
    same = isinstance(after[0], list) and isinstance(after[1], list) and len(after[0]) == len(ws) \
        and len(after[1]) == len(bs) \
        and all(isinstance(a, torch.Tensor) and a.shape == w.shape and torch.equal(a.cpu(), w.cpu())
                for a, w in zip(after[0] + after[1], ws + bs))
    if not same and isinstance(after[0], list) and isinstance(after[1], list) \
            and (len(after[0]) < len(ws) or len(after[1]) < len(bs)):
        raise fail(f"{call}\n  The lists you were given got shorter: weights has {len(after[0])} of its {len(ws)} "
                   f"tensors left, biases {len(after[1])} of {len(bs)}. weights.pop(0) (or del weights[0]) removes "
                   "the layer from the caller's own list: the lists were modified. Read without changing them: "
                   "start from weights[0], biases[0] and loop over weights[1:], biases[1:] (slices are new lists).\n"
                   f"  Revisit: {IDEA_COLLAPSE.en}",
                   f"{call}\n  받은 리스트가 짧아졌습니다: weights에는 {len(ws)}개 중 {len(after[0])}개, biases에는 "
                   f"{len(bs)}개 중 {len(after[1])}개가 남았습니다. weights.pop(0)(또는 del weights[0])은 호출한 쪽의 "
                   "리스트에서 층을 지웁니다: 리스트가 수정되었습니다. 바꾸지 말고 읽기만 하세요: weights[0], biases[0]에서 "
                   "시작해 weights[1:], biases[1:](슬라이스는 새 리스트)로 반복하세요.\n"
                   f"  다시 볼 개념: {IDEA_COLLAPSE.ko}", mistake="collapse_pops_lists")
    if not same:
        raise fail(f"{call}\n  The weights or biases you were given were changed (in place, e.g. `b += ...`, "
                   "`W @= ...`, or the lists were modified). Build W and b as new tensors.\n"
                   f"  Revisit: {IDEA_COLLAPSE.en}",
                   f"{call}\n  받은 가중치나 편향이 바뀌었습니다(제자리 연산, 예: `b += ...`, `W @= ...`, 또는 리스트 "
                   "수정). W와 b를 새 텐서로 만드세요.\n"
                   f"  다시 볼 개념: {IDEA_COLLAPSE.ko}", mistake="collapse_in_place")
    got = r.value
    eW, eb = _collapse_ref(ws, bs)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise report(call, (eW, eb), got, Text(
            "Return a pair (W, b): the collapsed weight matrix and bias vector.",
            "(W, b) 쌍을 반환하세요: 합쳐진 가중치 행렬과 편향 벡터."), IDEA_COLLAPSE)
    return got[0], got[1], eW, eb


def _diagnose_collapse(W, b, ws, bs, eW, eb, call):
    """Name the known mistakes for one set of layers (shapes permitting)."""
    def same(a, e):
        return isinstance(a, torch.Tensor) and a.is_floating_point() and tuple(a.shape) == tuple(e.shape) \
            and torch.allclose(a.detach().cpu().double(), e.detach().cpu().double(), rtol=1e-4, atol=1e-5)

    if isinstance(W, torch.Tensor) and W.dim() == 2 and tuple(W.shape) == tuple(eW.shape[::-1]) \
            and eW.shape[0] != eW.shape[1]:
        raise report(call + " → W", eW, W, Text(
            f"W has shape {tuple(W.shape)}, the transpose of {tuple(eW.shape)}. With X @ W, W maps d_in = "
            f"{eW.shape[0]} features to d_out = {eW.shape[1]}, so its shape is (d_in, d_out).",
            f"W의 모양이 {tuple(W.shape)}로 {tuple(eW.shape)}의 전치입니다. X @ W에서 W는 d_in = {eW.shape[0]}개 "
            f"특성을 d_out = {eW.shape[1]}개로 보내므로 모양은 (d_in, d_out)입니다."), IDEA_COLLAPSE,
            mistake="collapse_transposed")
    if not same(W, eW):
        rev = _try(lambda: _chain(list(reversed(ws))))
        if rev is not None and same(W, rev):
            raise report(call + " → W", eW, W, Text(
                "W is the product in reverse order (W_k @ ... @ W_2 @ W_1). Matrix products do not commute: "
                "X goes through W1 first, so W = W1 @ W2 @ ... @ Wk.",
                "W가 역순 곱(W_k @ ... @ W_2 @ W_1)입니다. 행렬 곱은 교환법칙이 성립하지 않습니다: X는 W1을 먼저 "
                "지나므로 W = W1 @ W2 @ ... @ Wk입니다."), IDEA_COLLAPSE, mistake="collapse_reverse_order")
        if same(W, eW.T):
            raise report(call + " → W", eW, W, Text(
                "W is the transpose of the right matrix: with the row convention X @ W_i, chain W1 @ W2 @ ... "
                "without transposing.",
                "W가 올바른 행렬의 전치입니다: X @ W_i 행 규약에서는 전치 없이 W1 @ W2 @ ...로 이으세요."),
                IDEA_COLLAPSE, mistake="collapse_transposed")
        expect_tensor(W, eW, call=call + " → W", idea=IDEA_COLLAPSE)
    if not same(b, eb):
        def gives(value):
            return lambda got: value is not None and len(bs) > 1 and same(got, value)

        candidates = [
            Mistake("collapse_sum_biases", gives(_try(lambda: sum(bs[1:], bs[0]))), Text(
                "b is the plain sum b1 + b2 + ... : each bias must also pass through the weights of the layers "
                "after it (b1 @ W2 @ W3 + b2 @ W3 + b3).",
                "b가 단순 합 b1 + b2 + ...입니다: 각 편향은 뒤에 오는 층의 가중치도 통과해야 합니다"
                "(b1 @ W2 @ W3 + b2 @ W3 + b3).")),
            Mistake("collapse_bias_through_own_w", gives(_try(lambda: _through_own(ws, bs))), Text(
                "b went through its own layer's W too ((b + b_i) @ W_i): a layer adds its bias after its "
                "matrix product, so only the later layers act on it: b = b @ W_i + b_i.",
                "b가 자기 층의 W까지 통과했습니다((b + b_i) @ W_i): 층은 행렬 곱 다음에 편향을 더하므로 편향에는 "
                "뒤의 층만 작용합니다: b = b @ W_i + b_i.")),
            Mistake("collapse_accumulated_w", gives(_try(lambda: _through_accumulated(ws, bs))), Text(
                "b was pushed through the accumulated product W = W1 @ ... @ W_i instead of the layer's own W_i "
                "(b = b @ W + b_i after W = W @ W_i). Each step only the new layer acts on b: b = b @ W_i + b_i.",
                "b가 층 자신의 W_i가 아니라 누적 곱 W = W1 @ ... @ W_i를 통과했습니다(W = W @ W_i 다음에 "
                "b = b @ W + b_i). 각 단계에서 b에는 새 층만 작용합니다: b = b @ W_i + b_i.")),
            Mistake("collapse_last_bias_only", gives(bs[-1]), Text(
                "b is only the last layer's bias: the earlier biases, passed through the later weights, are missing.",
                "b가 마지막 층의 편향뿐입니다: 앞 층의 편향(뒤 층의 가중치를 통과한 것)이 빠졌습니다.")),
        ]
        name_mistake(b, candidates, call=call + " → b", expected=eb, idea=IDEA_COLLAPSE)
        expect_tensor(b, eb, call=call + " → b", idea=IDEA_COLLAPSE)


def _try(fn):
    try:
        return fn()
    except RuntimeError:
        return None


def _chain(mats):
    out = mats[0]
    for m in mats[1:]:
        out = out @ m
    return out


def _through_accumulated(ws, bs):
    W, b = ws[0], bs[0]
    for Wi, bi in zip(ws[1:], bs[1:]):
        W = W @ Wi
        b = b @ W + bi
    return b


def _through_own(ws, bs):
    b = torch.zeros_like(bs[0])
    for Wi, bi in zip(ws, bs):
        b = (b + bi) @ Wi
    return b


def _check_collapse(sub, widths, seed, dtype=torch.float32, device="cpu", rtol=1e-4, atol=1e-5):
    ws, bs = _layers(widths, seed, dtype, device)
    arrows = "→".join(str(w) for w in widths)
    call = (f"collapse_linear(weights, biases), {len(ws)} layer(s) {arrows}, weights[i] = torch.randn(d_i, d_i+1), "
            f"biases[i] = torch.randn(d_i+1), dtype={str(dtype).replace('torch.', '')} (seed {seed})")
    W, b, eW, eb = _collapse(sub, ws, bs, call)
    _diagnose_collapse(W, b, ws, bs, eW, eb, call)
    expect_tensor(W, eW, call=call + " → W", rtol=rtol, atol=atol, idea=IDEA_COLLAPSE)
    expect_tensor(b, eb, call=call + " → b", rtol=rtol, atol=atol, idea=IDEA_COLLAPSE)
    # the meaning of it all: one map equals the layers applied one by one
    X = torch.randn(6, widths[0], generator=torch.Generator().manual_seed(seed + 1), dtype=dtype).to(device)
    h = X
    for Wi, bi in zip(ws, bs):
        h = h @ Wi + bi
    expect_tensor(X @ W + b, h, call=call + f"; then X @ W + b vs. the layers applied in order, "
                  f"X = torch.randn(6, {widths[0]})", rtol=rtol, atol=atol, idea=IDEA_COLLAPSE)


@check("collapse_three_layers", points=3, cuda=True)
def test_collapse_three(sub, device):
    _check_collapse(sub, [4, 5, 3, 2], SEED, device=device)


@check("collapse_square_layers", points=2)
def test_collapse_square(sub):
    _check_collapse(sub, [3, 3, 3, 3], SEED + 2)


@check("collapse_single_layer", points=1)
def test_collapse_single(sub):
    _check_collapse(sub, [3, 2], SEED + 4)


@check("collapse_float64", points=1)
def test_collapse_float64(sub):
    _check_collapse(sub, [2, 4, 3], SEED + 6, dtype=torch.float64, rtol=1e-10, atol=1e-12)
