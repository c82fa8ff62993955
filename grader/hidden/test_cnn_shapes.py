"""Hidden checks for cnn_shapes. Expected sizes come from running F.conv2d / F.avg_pool2d / LeNet-5's layers on
small zero tensors, expected counts from nn.Conv2d layers built in the judge."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import check
from grader.compare import Mistake, equals, expect_equal, expect_number, report
from grader.i18n import Text

KNOWN_MISTAKES = {
    "pool_stride_two": "pooling divided by 2 instead of by the stride (= the kernel size when stride is None)",
    "ceil_division": "the ceiling of the division instead of the floor",
    "missing_plus_one": "the + 1 for the first kernel or window position missing",
    "drops_minus_one": "the - 1 inside the bracket missing",
    "plus_one_inside_division": "the + 1 inside the floor division",
    "padding_once": "the padding counted on one side only",
    "ignores_dilation": "the dilation ignored",
    "dilation_times_kernel": "a dilated kernel taken as dilation * kernel wide",
    "swapped_pairs": "pair arguments read as (width, height)",
    "pool_stride_one": "pooling with stride 1 instead of the kernel size",
    "pool_ignores_kernel": "pooling as size // stride: the kernel size ignored",
    "pool_ignores_stride": "the stride passed to pooling ignored",
    "true_division": "sizes as floats from / instead of ints from //",
    "hw_swapped": "(w_out, h_out) instead of (h_out, w_out)",
    "forgets_bias": "a convolution's weights counted without the biases",
    "bias_per_weight": "a bias counted for every weight of a filter",
    "forgets_in_channels": "in_channels left out of the weight count",
    "kernel_one_axis": "the kernel counted along one axis only",
    "bias_counted_once": "one bias for the whole layer instead of one per filter",
    "param_pair_first_squared": "a (k_h, k_w) kernel counted as k_h * k_h",
    "ignores_bias_flag": "biases counted although bias=False",
    "lenet_bare_ints": "a fully connected layer's shape as a bare int instead of (n,)",
    "lenet_batch_dim": "a LeNet shape with a leading batch dimension",
    "lenet_c5_map": "C5 written as a 120 x 1 x 1 map",
    "lenet_no_pooling_stride": "LeNet's pooling taken with stride 1",
    "lenet_channels_last": "a feature map written channels last (H, W, C)",
    "lenet_c1_padded": "C1 kept at 32 x 32 as if padded",
    "lenet_six_layers": "six LeNet shapes instead of seven",
    "bottleneck_with_bias": "the bottleneck's convolutions counted with biases",
    "bottleneck_3x3_as_1x1": "the middle 3 x 3 convolution counted like a 1 x 1",
    "bottleneck_missing_expand": "the last 1 x 1 convolution (back to channels) missing",
    "bottleneck_3x3_first": "the 3 x 3 kernel put on the first convolution",
    "bottleneck_full_width": "the 3 x 3 convolution counted at full width",
}

IDEA_CONV = Text("per axis: out = (size + 2*padding - dilation*(kernel - 1) - 1) // stride + 1.",
                 "축마다: out = (size + 2*padding - dilation*(kernel - 1) - 1) // stride + 1.")
IDEA_POOL = Text("pooling: out = (size - kernel) // stride + 1, and stride=None means stride = kernel_size.",
                 "풀링: out = (size - kernel) // stride + 1이고, stride=None은 stride = kernel_size를 뜻합니다.")
IDEA_PARAMS = Text("out_channels filters of in_channels × k_h × k_w weights each, plus one bias per filter: "
                   "out·in·k_h·k_w + out.",
                   "필터 out_channels개, 필터마다 in_channels × k_h × k_w개의 가중치, 필터당 편향 하나: "
                   "out·in·k_h·k_w + out.")
IDEA_LENET = Text("32 → conv 5×5 → 28 → pool 2 → 14 → conv 5×5 → 10 → pool 2 → 5; then 16·5·5 = 400 features "
                  "into fully connected layers of 120, 84 and 10, written (120,), (84,), (10,).",
                  "32 → 합성곱 5×5 → 28 → 풀링 2 → 14 → 합성곱 5×5 → 10 → 풀링 2 → 5; 그다음 16·5·5 = 400개 특성이 "
                  "120, 84, 10개의 완전 연결 층으로 가며 (120,), (84,), (10,)으로 씁니다.")
IDEA_BOTTLENECK = Text("1×1: channels·reduced, 3×3: reduced·reduced·9, 1×1: reduced·channels; no biases.",
                       "1×1: channels·reduced, 3×3: reduced·reduced·9, 1×1: reduced·channels; 편향 없음.")


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _args(kw):
    return "".join(f", {k}={v!r}" for k, v in kw.items())


# ------------------------------------------------------------------ what torch says, and the usual mistakes
def _torch_conv(h, w, k, stride=1, padding=0, dilation=1):
    x = torch.zeros(1, 1, h, w)
    weight = torch.zeros(1, 1, *_pair(k))
    out = F.conv2d(x, weight, stride=stride, padding=padding, dilation=dilation)
    return tuple(int(n) for n in out.shape[2:])


def _torch_pool(h, w, k, stride=None):
    out = F.avg_pool2d(torch.zeros(1, 1, h, w), k, stride)
    return tuple(int(n) for n in out.shape[2:])


def _per_axis(h, w, k, s, p, d, rule):
    k, s, p, d = _pair(k), _pair(s), _pair(p), _pair(d)
    return tuple(rule(n, k[i], s[i], p[i], d[i]) for i, n in enumerate((h, w)))


SWAPPED = Text("The pair arguments were read as (width, height): a pair is (height, width), as in nn.Conv2d, so "
               "its first number belongs to h.",
               "쌍 인자를 (너비, 높이)로 읽었습니다: 쌍은 nn.Conv2d처럼 (높이, 너비)이므로 첫 번째 수가 h에 해당합니다.")


def _correct(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _conv_mistakes(h, w, k, stride, padding, dilation):
    """The known wrong formulas, each seen in the (h_out, w_out) it gives for these arguments."""
    def gives(rule):
        return equals(_per_axis(h, w, k, stride, padding, dilation, rule))
    swapped = [_pair(v)[::-1] for v in (k, stride, padding, dilation)]

    def ceiling(n, k, s, p, d):
        return math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1
    return [
        Mistake("ceil_division", gives(ceiling), Text(
            "That is the ceiling of the division: a kernel position hanging over the edge is dropped, so round down "
            "(floor division //).",
            "나눗셈을 올림했습니다: 가장자리 밖으로 삐져나가는 커널 위치는 버리므로 내림하세요(내림 나눗셈 //).")),
        Mistake("missing_plus_one", gives(lambda n, k, s, p, d: (n + 2 * p - d * (k - 1) - 1) // s), Text(
            "One short on every axis: the + 1 (the first kernel position) is missing.",
            "모든 축에서 하나가 모자랍니다: + 1(첫 커널 위치)이 빠졌습니다.")),
        Mistake("drops_minus_one", gives(lambda n, k, s, p, d: (n + 2 * p - d * (k - 1)) // s + 1), Text(
            "One too many where the stride divides evenly: the - 1 inside the bracket is missing. The kernel reaches "
            "dilation·(kernel - 1) + 1 pixels, so out = (size + 2·padding - dilation·(kernel - 1) - 1) // stride + 1.",
            "stride로 나누어떨어지면 하나가 많습니다: 괄호 안의 - 1이 빠졌습니다. 커널은 dilation·(kernel - 1) + 1 "
            "픽셀까지 닿으므로 out = (size + 2·padding - dilation·(kernel - 1) - 1) // stride + 1입니다.")),
        Mistake("plus_one_inside_division", gives(lambda n, k, s, p, d: (n + 2 * p - d * (k - 1)) // s), Text(
            "The + 1 was put inside the floor division, (… - 1 + 1) // stride: it counts the first kernel position "
            "and must be added after the division: (size + 2·padding - dilation·(kernel - 1) - 1) // stride + 1.",
            "+ 1을 내림 나눗셈 안에 넣었습니다((… - 1 + 1) // stride): + 1은 첫 커널 위치를 세는 것이므로 나눗셈 "
            "다음에 더해야 합니다: (size + 2·padding - dilation·(kernel - 1) - 1) // stride + 1.")),
        Mistake("padding_once", gives(lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1), Text(
            "The padding was counted once: it is added on both sides of each axis (2·padding).",
            "padding을 한 번만 셌습니다: 각 축의 양쪽에 더해집니다(2·padding).")),
        Mistake("ignores_dilation", gives(lambda n, k, s, p, d: (n + 2 * p - k) // s + 1), Text(
            "The dilation was ignored: a dilated kernel reaches dilation·(kernel − 1) + 1 pixels, not kernel.",
            "dilation을 무시했습니다: 팽창된 커널은 kernel이 아니라 dilation·(kernel − 1) + 1 픽셀까지 닿습니다.")),
        Mistake("dilation_times_kernel", gives(lambda n, k, s, p, d: (n + 2 * p - d * k) // s + 1), Text(
            "The dilated kernel was taken as dilation·kernel wide; it reaches dilation·(kernel − 1) + 1 pixels.",
            "팽창된 커널의 폭을 dilation·kernel로 잡았습니다. 실제로는 dilation·(kernel − 1) + 1 픽셀입니다.")),
        Mistake("swapped_pairs", equals(_per_axis(h, w, *swapped, _correct)), SWAPPED),
    ]


def _name_mistake(got, expected, call, idea, mistakes):
    """Fail with the explanation of the wrong formula that gives ``got``; two that agree are both named, and
    then no mistake id is recorded (the answer does not tell them apart)."""
    seen = []
    for m in mistakes:
        if m.detect(got) and not m.detect(expected) and m.why not in [s.why for s in seen]:
            seen.append(m)
    whys = [m.why for m in seen]
    if len(seen) == 1:
        raise seen[0].report(call, expected, got, idea)
    if whys:
        raise report(call, expected, got, Text("Several mistakes give this answer: " + " Or: ".join(w.en for w in whys),
                                               "이 답을 주는 실수가 여러 가지입니다: " + " 또는: ".join(w.ko for w in whys)),
                     idea)


def _expect_size(got, expected, call, idea, mistakes=()):
    """got must be the tuple of two Python ints ``expected``; known wrong formulas are named."""
    if isinstance(got, (tuple, list)) and len(got) == 2:
        if any(isinstance(v, float) for v in got):
            raise report(call, expected, got, Text(
                "Floats came back: sizes are Python ints. Use floor division // (not / followed by int() or "
                "round()).",
                "float가 왔습니다: 크기는 Python int입니다. 내림 나눗셈 //를 쓰세요(/ 뒤에 int()나 round() 금지)."),
                idea, mistake="true_division")
        if all(type(v) is int for v in got) and tuple(got) != expected:
            if tuple(got) == expected[::-1]:
                raise report(call, expected, got, Text(
                    "Height and width are swapped: return (h_out, w_out), and a pair argument is (height, width).",
                    "높이와 너비가 바뀌었습니다: (h_out, w_out)을 반환하고, 쌍 인자는 (높이, 너비)입니다."), idea,
                    mistake="hw_swapped")
            _name_mistake(tuple(got), expected, call, idea, mistakes)
    if isinstance(got, list):
        raise report(call, expected, got, Text("A list came back: return a tuple (h_out, w_out).",
                                               "리스트가 왔습니다: 튜플 (h_out, w_out)을 반환하세요."), idea)
    expect_equal(got, expected, call=call, idea=idea)


def _check_conv(sub, h, w, k, **kw):
    expected = _torch_conv(h, w, k, **kw)
    full = {"stride": 1, "padding": 0, "dilation": 1, **kw}
    mistakes = _conv_mistakes(h, w, k, full["stride"], full["padding"], full["dilation"])
    got = sub.conv2d_output_size(h, w, k, **kw)
    _expect_size(got, expected, f"conv2d_output_size({h}, {w}, {k!r}{_args(kw)})", IDEA_CONV, mistakes)


@check("conv_output_basic", points=1)
def test_conv_basic(sub):
    _check_conv(sub, 32, 32, 5)
    _check_conv(sub, 28, 20, 3)


@check("conv_stride_padding", points=2)
def test_conv_stride_padding(sub):
    _check_conv(sub, 28, 28, 5, padding=2)
    _check_conv(sub, 28, 28, 3, stride=2, padding=1)
    _check_conv(sub, 7, 7, 3, stride=2)
    _check_conv(sub, 32, 24, 5, stride=2, padding=1)
    _check_conv(sub, 224, 224, 7, stride=2, padding=3)
    _check_conv(sub, 10, 9, 4, stride=3, padding=2)


@check("conv_dilation", points=1)
def test_conv_dilation(sub):
    _check_conv(sub, 32, 32, 3, dilation=3)
    _check_conv(sub, 20, 17, 3, stride=2, padding=2, dilation=3)


@check("conv_pair_arguments", points=2)
def test_conv_pairs(sub):
    _check_conv(sub, 32, 24, (3, 5), padding=(1, 2))
    _check_conv(sub, 30, 40, (5, 3), stride=(1, 2), padding=(2, 0), dilation=(1, 2))
    _check_conv(sub, 16, 16, (1, 7), stride=(2, 1), padding=(0, 3))


@check("empty_output_raises", points=1)
def test_empty_output(sub):
    idea = Text("when the (dilated) kernel is larger than the padded input, there is no position for it: "
                "raise ValueError, as the prompt asks, instead of returning a size of 0 or less.",
                "(팽창된) 커널이 padding을 더한 입력보다 크면 놓을 자리가 없습니다: 0 이하의 크기를 반환하지 말고 "
                "문제에서 요구한 대로 ValueError를 발생시키세요.")
    sub.expect_raises(("ValueError",), "conv2d_output_size", 4, 4, 5, idea=idea)
    sub.expect_raises(("ValueError",), "conv2d_output_size", 8, 8, 3, dilation=4, idea=idea)
    sub.expect_raises(("ValueError",), "pool2d_output_size", 3, 6, 4, idea=idea)


# ------------------------------------------------------------------ pooling
def _check_pool(sub, h, w, k, **kw):
    expected = _torch_pool(h, w, k, kw.get("stride"))
    stride = kw.get("stride") or k

    def gives(k_, s_, rule):
        return equals(_per_axis(h, w, k_, s_, 0, 1, rule))
    mistakes = [
        Mistake("pool_stride_one", gives(k, 1, lambda n, k_, s, p, d: (n - k_) // s + 1), Text(
            "That is a stride of 1: pooling's stride defaults to its kernel size (stride=None means "
            "stride = kernel_size), so 2 × 2 pooling halves each side.",
            "stride 1의 결과입니다: 풀링의 stride 기본값은 커널 크기입니다(stride=None은 stride = kernel_size). "
            "그래서 2 × 2 풀링은 각 변을 절반으로 줄입니다.")),
        Mistake("ceil_division", gives(k, stride, lambda n, k_, s, p, d: math.ceil((n - k_) / s) + 1), Text(
            "That is the ceiling: a window hanging over the edge is dropped (floor, as with ceil_mode=False).",
            "올림의 결과입니다: 가장자리 밖으로 삐져나가는 창은 버립니다(ceil_mode=False처럼 내림).")),
        Mistake("missing_plus_one", gives(k, stride, lambda n, k_, s, p, d: (n - k_) // s), Text(
            "One short on every axis: the + 1 (the first window position) is missing: (size - kernel) // stride + 1.",
            "모든 축에서 하나가 모자랍니다: + 1(첫 창 위치)이 빠졌습니다: (size - kernel) // stride + 1.")),
        Mistake("pool_ignores_kernel", gives(k, stride, lambda n, k_, s, p, d: n // s), Text(
            "That is size // stride: it ignores the kernel size; use (size - kernel) // stride + 1.",
            "size // stride의 결과입니다: 커널 크기를 무시했습니다. (size - kernel) // stride + 1을 쓰세요.")),
    ]
    if kw.get("stride") is None and _pair(k) != (2, 2):
        mistakes.append(Mistake("pool_stride_two", gives(k, 2, _correct), Text(
            f"That is pooling with a stride of 2 whatever the kernel: with stride=None the stride is the kernel size "
            f"({k!r} here), not 2. Divide by the stride, `stride = kernel_size if stride is None else stride`.",
            f"커널과 상관없이 stride 2로 풀링한 결과입니다: stride=None이면 stride는 2가 아니라 커널 크기(여기서는 "
            f"{k!r})입니다. stride로 나누세요: `stride = kernel_size if stride is None else stride`.")))
    if kw.get("stride") is not None and _pair(kw["stride"]) != _pair(k):
        mistakes.append(Mistake("pool_ignores_stride", gives(k, k, _correct), Text(
            f"That is pooling with stride = kernel_size = {k!r}: the stride argument was ignored. stride=None means "
            "the kernel size, but a stride that is passed must be used.",
            f"stride = kernel_size = {k!r}로 풀링한 결과입니다: stride 인자를 무시했습니다. stride=None이면 커널 "
            "크기지만, 넘겨받은 stride는 써야 합니다.")))
    mistakes.append(Mistake("drops_minus_one", gives(k, stride, lambda n, k_, s, p, d: (n - k_ + 1) // s + 1), Text(
        "One too many where the stride divides evenly: the - 1 inside the bracket is missing: "
        "(size - kernel) // stride + 1, i.e. (size - 1·(kernel - 1) - 1) // stride + 1.",
        "stride로 나누어떨어지면 하나가 많습니다: 괄호 안의 - 1이 빠졌습니다: (size - kernel) // stride + 1, 즉 "
        "(size - 1·(kernel - 1) - 1) // stride + 1입니다.")))
    if not isinstance(k, int) or not isinstance(stride, int):
        mistakes.append(Mistake("swapped_pairs", gives(_pair(k)[::-1], _pair(stride)[::-1], _correct), SWAPPED))
    got = sub.pool2d_output_size(h, w, k, **kw)
    _expect_size(got, expected, f"pool2d_output_size({h}, {w}, {k!r}{_args(kw)})", IDEA_POOL, mistakes)


@check("pool_default_stride", points=2)
def test_pool_default_stride(sub):
    _check_pool(sub, 28, 28, 2)
    _check_pool(sub, 5, 7, 2)
    _check_pool(sub, 9, 12, 3)     # divisible: a stride of 2 shows here, the ceiling does not
    _check_pool(sub, 10, 6, 3)


@check("pool_stride_and_pairs", points=1)
def test_pool_stride(sub):
    _check_pool(sub, 13, 13, 3, stride=2)
    _check_pool(sub, 8, 6, (2, 3))
    _check_pool(sub, 9, 8, (3, 2), stride=(2, 1))


# ------------------------------------------------------------------ parameter counts
def _torch_params(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def _conv(cin, cout, k, bias=True):
    return nn.Conv2d(cin, cout, k, bias=bias)


def _check_params(sub, cin, cout, k, **kw):
    bias = kw.get("bias", True)
    expected = _torch_params(_conv(cin, cout, k, bias))
    kh, kw_ = _pair(k)
    b = cout if bias else 0
    mistakes = [
        Mistake("forgets_bias", equals(cout * cin * kh * kw_), Text(
            f"That is the weights alone: each of the {cout} filters also has a bias (+ out_channels).",
            f"가중치만 센 값입니다: 필터 {cout}개마다 편향도 하나씩 있습니다(+ out_channels).")),
        Mistake("bias_per_weight", equals(cout * cin * kh * kw_ + cin * kh * kw_), Text(
            "The bias was counted per weight of a filter; there is one bias per filter (out_channels in all).",
            "편향을 필터의 가중치마다 셌습니다. 편향은 필터마다 하나입니다(모두 out_channels개).")),
        Mistake("forgets_in_channels", equals(cout * kh * kw_ + b), Text(
            f"in_channels is missing: every filter spans all {cin} input channels, so it has "
            "in_channels × k_h × k_w weights.",
            f"in_channels가 빠졌습니다: 필터마다 입력 채널 {cin}개 전체에 걸치므로 in_channels × k_h × k_w개의 "
            "가중치가 있습니다.")),
        Mistake("kernel_one_axis", equals(cout * cin * kh + b), Text(
            "The kernel was counted along one axis only: a k × k kernel has k·k weights per input channel "
            "(k_h · k_w for a pair).",
            "커널을 한 축만 셌습니다: k × k 커널은 입력 채널마다 k·k개의 가중치가 있습니다(쌍이면 k_h · k_w).")),
        Mistake("bias_counted_once", equals(cout * cin * kh * kw_ + (1 if bias else 0)), Text(
            f"That is the weights plus 1: one bias for the whole layer (int(bias)?), but each of the {cout} filters "
            "has its own bias: + out_channels.",
            f"가중치에 1을 더한 값입니다: 층 전체에 편향 하나(int(bias)?)를 셌지만, 필터 {cout}개마다 편향이 "
            "하나씩 있습니다: + out_channels.")),
        Mistake("param_pair_first_squared", equals(cout * cin * kh * kh + b), Text(
            f"That counts k_h·k_h = {kh}·{kh} weights per input channel: only the first number of the pair was "
            f"used, squared. A ({kh}, {kw_}) kernel has k_h·k_w = {kh * kw_}.",
            f"입력 채널마다 k_h·k_h = {kh}·{kh}개의 가중치를 셌습니다: 쌍의 첫 번째 수만 제곱해서 썼습니다. "
            f"({kh}, {kw_}) 커널에는 k_h·k_w = {kh * kw_}개가 있습니다.")),
        Mistake("ignores_bias_flag", equals(cout * cin * kh * kw_ + cout), Text(
            "bias=False was ignored: without bias the layer has only the weights.",
            "bias=False를 무시했습니다: 편향이 없으면 층에는 가중치만 있습니다.")),
    ]
    call = f"conv2d_param_count({cin}, {cout}, {k!r}{_args(kw)})"
    got = sub.conv2d_param_count(cin, cout, k, **kw)
    if type(got) is int and got != expected:
        _name_mistake(got, expected, call, IDEA_PARAMS, mistakes)
    expect_number(got, expected, call=call, idea=IDEA_PARAMS, integer=True)


@check("conv_param_count", points=2)
def test_param_count(sub):
    _check_params(sub, 3, 64, 3)
    _check_params(sub, 16, 32, 5)
    _check_params(sub, 1, 6, 5)


@check("conv_param_count_no_bias", points=1)
def test_param_count_no_bias(sub):
    _check_params(sub, 64, 128, 3, bias=False)
    _check_params(sub, 256, 64, 1, bias=False)


@check("conv_param_count_pair_kernel", points=1)
def test_param_count_pair(sub):
    _check_params(sub, 3, 8, (1, 7))
    _check_params(sub, 4, 2, (3, 5), bias=False)


# ------------------------------------------------------------------ LeNet-5 and the bottleneck
def _lenet5():
    layers = [nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.AvgPool2d(2),
              nn.Sequential(nn.Flatten(), nn.Linear(400, 120)), nn.Linear(120, 84), nn.Linear(84, 10)]
    x = torch.zeros(1, 1, 32, 32)
    shapes = []
    for layer in layers:
        x = layer(x)
        shapes.append(tuple(int(n) for n in x.shape[1:]))
    return shapes


LENET_LAYERS = ("C1", "S2", "C3", "S4", "C5", "F6", "output")


def _lenet_item_why(i, g, e) -> tuple[Text, str] | None:
    """Why item i (layer LENET_LAYERS[i]) of lenet5_shapes() is wrong and the mistake's id, for the mistakes we
    know; else None."""
    name = LENET_LAYERS[i]
    if len(e) == 1 and type(g) is int and g == e[0]:
        mistake = "lenet_bare_ints"
        return Text(f"Item {i} ({name}) is the number {g}, not the tuple ({g},): a fully connected layer's output "
                    f"is written as a one-element tuple, ({g},) — note the comma.",
                    f"{i}번 항목({name})이 튜플 ({g},)이 아니라 숫자 {g}입니다: 완전 연결 층의 출력은 원소 하나짜리 "
                    f"튜플 ({g},)로 씁니다. 쉼표에 주의하세요."), mistake
    if not isinstance(g, (tuple, list)):
        return None
    g = tuple(g)
    if len(g) == len(e) + 1 and g[0] == 1 and g[1:] == e:
        mistake = "lenet_batch_dim"
        return Text(f"Item {i} ({name}) has a leading 1, the batch dimension: give the shape of one sample, {e}.",
                    f"{i}번 항목({name}) 맨 앞에 배치 차원 1이 있습니다: 샘플 하나의 모양 {e}를 주세요."), mistake
    if name == "C5" and g == (120, 1, 1):
        mistake = "lenet_c5_map"
        return Text("C5 was written as a 120 × 1 × 1 map: here C5 counts as the fully connected layer from the "
                    "flattened 16 × 5 × 5 map to 120 units, written (120,).",
                    "C5를 120 × 1 × 1 맵으로 썼습니다: 여기서 C5는 펼친 16 × 5 × 5 맵에서 120개 유닛으로 가는 완전 "
                    "연결 층으로 보며 (120,)으로 씁니다."), mistake
    if name == "S2" and g == (6, 27, 27):
        mistake = "lenet_no_pooling_stride"
        return Text("S2 was taken with stride 1 (28 → 27): LeNet-5's 2 × 2 pooling has stride 2, the pooling "
                    "default, and halves each side (28 → 14).",
                    "S2를 stride 1로 계산했습니다(28 → 27): LeNet-5의 2 × 2 풀링은 풀링의 기본값인 stride 2이며 각 "
                    "변을 절반으로 줄입니다(28 → 14)."), mistake
    if len(e) == 3 and g == (e[1], e[2], e[0]):
        mistake = "lenet_channels_last"
        return Text(f"Item {i} ({name}) is {g}, channels last (H, W, C): PyTorch writes a feature map channels "
                    f"first, (C, H, W), here {e}.",
                    f"{i}번 항목({name})이 채널이 마지막인 (H, W, C) {g}입니다: PyTorch는 특성 맵을 채널 먼저 "
                    f"(C, H, W)로 씁니다. 여기서는 {e}입니다."), mistake
    if name == "C1" and g == (6, 32, 32):
        mistake = "lenet_c1_padded"
        return Text("C1 keeps 32 × 32 as if padded: LeNet-5's convolutions have no padding, so a 5 × 5 kernel "
                    "gives 32 − 5 + 1 = 28.",
                    "C1이 padding이 있는 것처럼 32 × 32를 유지합니다: LeNet-5의 합성곱에는 padding이 없으므로 5 × 5 "
                    "커널은 32 − 5 + 1 = 28을 줍니다."), mistake
    return None


@check("lenet5_shapes", points=3)
def test_lenet5(sub):
    expected = _lenet5()
    got = sub.lenet5_shapes()
    call = "lenet5_shapes()"
    if isinstance(got, (list, tuple)) and len(got) == len(expected):
        for i, (g, e) in enumerate(zip(got, expected)):
            known = _lenet_item_why(i, g, e)
            if known is not None:
                why, mistake = known
                raise report(call, expected, got, why, IDEA_LENET, mistake)
            if isinstance(g, list):
                raise report(call, expected, got, Text(
                    f"Item {i} ({LENET_LAYERS[i]}) is a list: write every shape as a tuple.",
                    f"{i}번 항목({LENET_LAYERS[i]})이 리스트입니다: 모든 모양을 튜플로 쓰세요."), IDEA_LENET)
            if isinstance(g, tuple) and any(type(v) is not int for v in g):
                raise report(call, expected, got, Text(
                    f"Item {i} ({LENET_LAYERS[i]}) holds {', '.join(sorted({type(v).__name__ for v in g}))} values: "
                    "sizes are Python ints (floor division //, not /).",
                    f"{i}번 항목({LENET_LAYERS[i]})에 {', '.join(sorted({type(v).__name__ for v in g}))} 값이 "
                    "있습니다: 크기는 Python int입니다(/가 아니라 내림 나눗셈 //)."), IDEA_LENET,
                    mistake="true_division")
            if g != e:
                raise report(call, expected, got, Text(
                    f"Item {i} ({LENET_LAYERS[i]}) differs: expected {e}, got {g!r}.",
                    f"{i}번 항목({LENET_LAYERS[i]})이 다릅니다: 기대 {e}, 받은 값 {g!r}."), IDEA_LENET)
    if isinstance(got, (list, tuple)) and len(got) == 6:
        raise report(call, expected, got, Text(
            "Six shapes instead of seven: LeNet-5 has C1, S2, C3, S4, C5, F6 and the output layer.",
            "모양이 일곱 개가 아니라 여섯 개입니다: LeNet-5에는 C1, S2, C3, S4, C5, F6, 출력 층이 있습니다."),
            IDEA_LENET, mistake="lenet_six_layers")
    expect_equal(got, expected, call=call, idea=IDEA_LENET)


def _check_bottleneck(sub, c, r):
    expected = _torch_params(_conv(c, r, 1, False), _conv(r, r, 3, False), _conv(r, c, 1, False))
    mistakes = [
        Mistake("bottleneck_with_bias", equals(expected + r + r + c), Text(
            "The biases were counted: this block has none (BatchNorm follows each convolution).",
            "편향을 셌습니다: 이 블록에는 편향이 없습니다(합성곱마다 BatchNorm이 뒤따릅니다).")),
        Mistake("bottleneck_3x3_as_1x1", equals(c * r + r * r + r * c), Text(
            "The middle 3 × 3 convolution was counted like a 1 × 1: it has reduced·reduced·3·3 weights.",
            "가운데 3 × 3 합성곱을 1 × 1처럼 셌습니다: 가중치는 reduced·reduced·3·3개입니다.")),
        Mistake("bottleneck_missing_expand", equals(c * r + r * r * 9), Text(
            "The last 1 × 1 convolution (reduced back to channels) is missing.",
            "마지막 1 × 1 합성곱(reduced에서 다시 channels로)이 빠졌습니다.")),
        Mistake("bottleneck_3x3_first", equals(c * r * 9 + r * r + r * c), Text(
            "The 3 × 3 kernel was put on the first convolution: the order is 1 × 1, 3 × 3, 1 × 1, and the 3 × 3 "
            "one maps reduced to reduced.",
            "3 × 3 커널을 첫 합성곱에 두었습니다: 순서는 1 × 1, 3 × 3, 1 × 1이고 3 × 3은 reduced에서 reduced로 "
            "갑니다.")),
        Mistake("bottleneck_full_width", equals(c * c * 9 + 2 * c * r), Text(
            "The 3 × 3 convolution was counted at full width (channels): the point of the bottleneck is that it "
            "runs on the reduced channels.",
            "3 × 3 합성곱을 전체 폭(channels)으로 셌습니다: 병목 블록의 핵심은 그것이 줄어든 채널에서 돈다는 "
            "것입니다.")),
    ]
    call = f"bottleneck_param_count({c}, {r})"
    got = sub.bottleneck_param_count(c, r)
    expect_number(got, expected, call=call, idea=IDEA_BOTTLENECK, integer=True,
                  mistakes=[m for m in mistakes if not m.detect(expected)])


@check("bottleneck_param_count", points=2)
def test_bottleneck(sub):
    _check_bottleneck(sub, 256, 64)
    _check_bottleneck(sub, 1024, 256)
    _check_bottleneck(sub, 96, 24)
