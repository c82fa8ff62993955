"""Hidden checks for the bce exercise.

Expected values come from torch.nn.functional in the judge: binary_cross_entropy on the clamped p,
and binary_cross_entropy_with_logits. Known mistakes are recomputed here so a wrong loss can be named.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from grader.checks import check
from grader.compare import (IDEA_SAME_SHAPE, Mistake, expect_shape_refused, expect_tensor, expect_unchanged,
                            name_mistake, report, show)
from grader.i18n import Text, i_ga
from grader.proxy import describe_call

SEED = 20261106
EPS = 1e-7
KNOWN_MISTAKES = {
    "labels_as_binary": "soft targets treated as 0/1 (y == 1, y > 0.5, y.round())",
    "eps_below_float32": "clamped with an eps so small that 1 - eps rounds to 1.0 in float32",
    "no_clamp": "p not clamped to [eps, 1 - eps] before the log",
    "clamp_lower_only": "p clamped from below only",
    "clamp_upper_only": "p clamped from above only",
    "clamp_eps_ignored": "clamped with the default 1e-7 instead of the eps passed",
    "replaces_only_exact_edges": "only p exactly 0 or 1 replaced (torch.where) instead of a clamp",
    "log_plus_eps": "log(p + eps) and log(1 - p + eps) instead of a clamp",
    "log_clamped_at_minus_100": "the logs clamped at -100 instead of p",
    "sum_not_mean": "the sum over the elements instead of the mean",
    "missing_minus": "the leading minus sign missing",
    "minus_on_first_term_only": "-y·log(p) + (1-y)·log(1-p): the minus on the first term only",
    "no_second_term": "only -y·log(p): the (1-y)·log(1-p) term missing",
    "swapped_p_y": "p and y swapped: the log taken of the labels",
    "divides_by_len": "the sum divided by len(p), the rows, instead of the number of elements",
    "sigmoid_then_clamped_bce": "bce_with_logits as a clamped BCE of sigmoid(z): capped at -log(eps)",
    "max_without_abs": "log(1 + exp(-z)) next to max(z, 0): the |z| missing",
    "plus_z_times_y": "max(z, 0) + z·y + ...: the z·y term with the wrong sign",
    "missing_max_term": "the max(z, 0) term missing",
    "no_lower_clamp": "log(0) at p = 0: p not clamped from below",
    "no_upper_clamp": "log(0) at p = 1: p not clamped from above",
    "unstable_logits": "sigmoid then log, or exp of a large logit: inf or nan",
    "no_mean": "one loss per element: the mean missing",
    "in_place": "modified an argument in place (p.clamp_, z.abs_, ...)",
    "no_shape_check": "shapes that differ not refused: (N, 1) against (N,) broadcast to (N, N)",
    "reshapes_mismatched_shapes": "shapes that differ paired by a reshape instead of refused with ValueError",
}

IDEA_BCE = Text("BCE = mean(-(y·log(p) + (1-y)·log(1-p))) over all elements, with p clamped to [eps, 1-eps] first.",
                "BCE = 모든 원소에 대한 mean(-(y·log(p) + (1-y)·log(1-p))), 단 p를 먼저 [eps, 1-eps]로 클램프합니다.")
IDEA_CLAMP = Text("clamp p to [eps, 1-eps] before any log: log(0) = -inf and 0·(-inf) = nan.",
                  "log를 취하기 전에 p를 [eps, 1-eps]로 클램프하세요: log(0) = -inf이고 0·(-inf) = nan입니다.")
IDEA_LOGITS = Text("bce_with_logits = mean(max(z,0) - z·y + log(1 + exp(-|z|))): exp only sees -|z| ≤ 0, so nothing "
                   "overflows and no sigmoid is rounded to 0 or 1.",
                   "bce_with_logits = mean(max(z,0) - z·y + log(1 + exp(-|z|))): exp는 -|z| ≤ 0만 받으므로 넘치지 "
                   "않고, sigmoid가 0이나 1로 반올림될 일도 없습니다.")


def _gen():
    return torch.Generator().manual_seed(SEED)


# ------------------------------------------------------------------ mistakes, recomputed in the judge
SUM = Text("This is the sum over the elements, not the mean: use .mean() so the loss does not grow with the batch.",
           "원소들의 평균이 아니라 합입니다: 손실이 배치 크기에 따라 커지지 않도록 .mean()을 쓰세요.")
NO_MINUS = Text("The sign is flipped: log of a probability is ≤ 0, so the loss needs the leading minus to be "
                "positive (and minimising it must push p towards y).",
                "부호가 반대입니다: 확률의 log는 0 이하이므로 손실이 양수가 되려면 앞의 음수 부호가 필요합니다"
                "(그래야 손실을 줄일 때 p가 y 쪽으로 갑니다).")


def _len_mistake(shape, name: str) -> Text:
    n = shape[0]
    numel = math.prod(shape)
    return Text(f"This is the sum divided by len({name}) = {n}, the number of rows, but there are {numel} elements: "
                f"use .mean() (or divide by {name}.numel()).",
                f"합을 len({name}) = {n}, 즉 행 수로 나눈 값입니다. 원소는 {numel}개입니다: .mean()을 쓰세요"
                f"(또는 {name}.numel()로 나누세요).")


def _terms(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))


def _near(value: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float):
    """A detector: the loss that came back (a 0-dim tensor) is ``value``, told apart from ``expected`` at the
    tolerance of the check."""
    c, e = float(value), float(expected)

    def detect(got) -> bool:
        return math.isfinite(c) and _same(float(got), c, 1e-4, 1e-6) \
            and not _same(c, e, max(rtol, 1e-4), max(atol, 1e-6))
    return detect


HARD_LABELS = Text(
    "The targets were treated as 0 or 1 (y == 1, y > 0.5 or y.round()), but here they are soft: y = 0.3 is a "
    "target too. BCE mixes its two terms by y itself, -(y·log p + (1-y)·log(1-p)), for any y in [0, 1].",
    "정답을 0 또는 1로만 다뤘습니다(y == 1, y > 0.5, y.round()). 하지만 여기서는 부드러운 정답입니다: y = 0.3도 "
    "정답입니다. BCE는 두 항을 y 자체로 섞습니다: [0, 1]의 어떤 y에도 -(y·log p + (1-y)·log(1-p)).")


def _hard_labels(y: torch.Tensor) -> list[torch.Tensor]:
    """The 0/1 targets a learner who assumed hard labels would have used: y == 1, and y rounded."""
    if bool(((y == 0) | (y == 1)).all()):
        return []
    return [(y == 1).to(y.dtype), (y > 0.5).to(y.dtype)]


def _bce_mistakes(p: torch.Tensor, y: torch.Tensor, eps: float, expected: torch.Tensor, rtol: float,
                  atol: float) -> list[Mistake]:
    p, y = p.detach().cpu(), y.detach().cpu()
    pc = p.clamp(eps, 1 - eps)
    t = _terms(pc, y)

    def near(value):
        return _near(value, expected, rtol, atol)
    out = [
        Mistake("no_clamp", near(_terms(p, y).mean()), Text(
            "This is the loss without clamping p to [eps, 1 - eps].",
            "p를 [eps, 1 - eps]로 클램프하지 않은 손실입니다.")),
        Mistake("clamp_lower_only", near(_terms(p.clamp(min=eps), y).mean()), Text(
            "This is the loss with p clamped from below only (p ≥ eps): clamp both ends, p.clamp(eps, 1 - eps), "
            "or log(1 - p) still sees log(0) at p = 1.",
            "p를 아래쪽(p ≥ eps)만 클램프한 손실입니다: 양 끝을 p.clamp(eps, 1 - eps)로 클램프하세요. 아니면 p = 1에서 "
            "log(1 - p)가 여전히 log(0)이 됩니다.")),
        Mistake("clamp_upper_only", near(_terms(p.clamp(max=1 - eps), y).mean()), Text(
            "This is the loss with p clamped from above only (p ≤ 1 - eps): clamp both ends, p.clamp(eps, 1 - eps), "
            "or log(p) still sees log(0) at p = 0.",
            "p를 위쪽(p ≤ 1 - eps)만 클램프한 손실입니다: 양 끝을 p.clamp(eps, 1 - eps)로 클램프하세요. 아니면 p = 0에서 "
            "log(p)가 여전히 log(0)이 됩니다.")),
    ]
    if eps != EPS:
        out.append(Mistake("clamp_eps_ignored", near(_terms(p.clamp(EPS, 1 - EPS), y).mean()), Text(
            f"This is the loss clamped with the default 1e-7, not with the eps = {eps:g} that was passed: use the "
            "eps argument.",
            f"넘겨받은 eps = {eps:g}가 아니라 기본값 1e-7로 클램프한 손실입니다: eps 인자를 쓰세요.")))
    edges = torch.where(p == 0, torch.full_like(p, eps), p)
    edges = torch.where(edges == 1, torch.full_like(p, 1 - eps), edges)
    out.append(Mistake("replaces_only_exact_edges", near(_terms(edges, y).mean()), Text(
        "This replaces only the p that are exactly 0 or 1 (torch.where(p == 0, eps, p)): a p between 0 and eps, "
        "or between 1 - eps and 1, stays as it is. Clamping moves every p outside [eps, 1 - eps] "
        "to the nearest edge.",
        "정확히 0이나 1인 p만 바꿨습니다(torch.where(p == 0, eps, p)): 0과 eps 사이, 또는 1 - eps와 1 사이의 p는 "
        "그대로 남습니다. 클램프는 [eps, 1 - eps] 밖의 모든 p를 가장 가까운 끝으로 옮깁니다.")))
    out += [
        Mistake("log_plus_eps", near((-(y * torch.log(p + eps) + (1 - y) * torch.log(1 - p + eps))).mean()), Text(
            "This is log(p + eps) and log(1 - p + eps): adding eps shifts every probability, clamping only moves "
            "the ones outside [eps, 1 - eps]: clamp instead.",
            "log(p + eps)와 log(1 - p + eps)입니다: eps를 더하면 모든 확률이 움직이지만, 클램프는 [eps, 1 - eps] 밖의 "
            "값만 옮깁니다: 대신 클램프하세요.")),
        Mistake("log_clamped_at_minus_100", near(
            (-(y * torch.log(p).clamp(min=-100) + (1 - y) * torch.log(1 - p).clamp(min=-100))).mean()), Text(
            "This clamps the logs at -100 (what PyTorch does inside) instead of clamping p to [eps, 1 - eps]: "
            "the contract here is the clamp on p.",
            "p를 [eps, 1 - eps]로 클램프하지 않고 log를 -100에서 자른 값입니다(PyTorch 내부 방식). 여기서 요구하는 "
            "것은 p의 클램프입니다.")),
        Mistake("sum_not_mean", near(t.sum()), SUM),
        Mistake("missing_minus", near(-t.mean()), NO_MINUS),
        Mistake("minus_on_first_term_only", near((-y * torch.log(pc) + (1 - y) * torch.log(1 - pc)).mean()), Text(
            "The minus sign only reaches the first term: -y·log(p) + (1-y)·log(1-p). Both log terms are ≤ 0, so "
            "the second one lowers the loss instead of raising it. Put the whole sum in brackets: "
            "-(y·log(p) + (1-y)·log(1-p)).",
            "음수 부호가 첫 항에만 붙었습니다: -y·log(p) + (1-y)·log(1-p). 두 log 항 모두 0 이하이므로 두 번째 항이 "
            "손실을 키우지 않고 줄입니다. 합 전체를 괄호로 묶으세요: -(y·log(p) + (1-y)·log(1-p)).")),
        Mistake("no_second_term", near((-y * torch.log(pc)).mean()), Text(
            "This is only -y·log(p): the (1-y)·log(1-p) term is missing, so samples with y = 0 cost nothing and "
            "the model is never punished for saying yes to a no.",
            "-y·log(p)뿐입니다: (1-y)·log(1-p) 항이 빠져서 y = 0인 샘플은 손실이 0이고, 아니오에 예라고 답해도 "
            "벌을 받지 않습니다.")),
        Mistake("swapped_p_y", near(_terms(y.clamp(eps, 1 - eps), p).mean()), Text(
            "p and y are swapped: the log must be taken of the prediction p, weighted by the target y.",
            "p와 y가 뒤바뀌었습니다: log는 예측 p에 취하고, 정답 y가 가중치입니다.")),
    ]
    if p.dim() >= 1 and p.shape[0] != p.numel():
        out.append(Mistake("divides_by_len", near(t.sum() / p.shape[0]), _len_mistake(tuple(p.shape), "p")))
    out += [Mistake("labels_as_binary", near(_terms(pc, hard).mean()), HARD_LABELS) for hard in _hard_labels(y)]
    return out


def _logits_mistakes(z: torch.Tensor, y: torch.Tensor, expected: torch.Tensor, rtol: float,
                     atol: float) -> list[Mistake]:
    z, y = z.detach().cpu(), y.detach().cpu()
    t = F.binary_cross_entropy_with_logits(z, y, reduction="none")

    def near(value):
        return _near(value, expected, rtol, atol)
    out = [
        Mistake("sigmoid_then_clamped_bce", near(F.binary_cross_entropy(torch.sigmoid(z).clamp(EPS, 1 - EPS), y)), Text(
            "This is sigmoid(z) fed into a clamped BCE: every element is capped at -log(eps) ≈ 16, but a logit of "
            "-10000 for a positive label really costs 10000. Work with z directly: "
            "max(z, 0) - z·y + log(1 + exp(-|z|)).",
            "sigmoid(z)를 클램프한 BCE에 넣은 값입니다: 원소마다 -log(eps) ≈ 16에서 잘리지만, 양성 레이블에 대한 로짓 "
            "-10000의 실제 손실은 10000입니다. z로 직접 계산하세요: max(z, 0) - z·y + log(1 + exp(-|z|)).")),
        Mistake("max_without_abs", near((z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z))).mean()), Text(
            "The |z| is missing in log(1 + exp(-|z|)): next to max(z, 0) it must be exp(-|z|). With exp(-z), every "
            "negative z adds |z| too much (and exp(-z) overflows for very negative z).",
            "log(1 + exp(-|z|))에서 |z|가 빠졌습니다: max(z, 0)과 함께 쓰려면 exp(-|z|)여야 합니다. exp(-z)를 쓰면 "
            "음수 z마다 |z|만큼 더 커집니다(그리고 아주 작은 z에서는 exp(-z)가 넘칩니다).")),
        Mistake("plus_z_times_y", near((z.clamp(min=0) + z * y + torch.log1p(torch.exp(-z.abs()))).mean()), Text(
            "The z·y term has the wrong sign: this is max(z, 0) + z·y + log(1 + exp(-|z|)). The loss falls as z "
            "agrees with y, so it is max(z, 0) - z·y + log(1 + exp(-|z|)).",
            "z·y 항의 부호가 틀렸습니다: max(z, 0) + z·y + log(1 + exp(-|z|))를 계산했습니다. z가 y와 맞을수록 손실이 "
            "줄어야 하므로 max(z, 0) - z·y + log(1 + exp(-|z|))입니다.")),
        Mistake("missing_max_term", near((-z * y + torch.log1p(torch.exp(-z.abs()))).mean()), Text(
            "The max(z, 0) term is missing: log(1 + exp(-|z|)) alone is only right for z ≤ 0.",
            "max(z, 0) 항이 빠졌습니다: log(1 + exp(-|z|))만으로는 z ≤ 0일 때만 맞습니다.")),
        Mistake("sum_not_mean", near(t.sum()), SUM),
        Mistake("missing_minus", near(-t.mean()), NO_MINUS),
    ]
    if z.dim() >= 1 and z.shape[0] != z.numel():
        out.append(Mistake("divides_by_len", near(t.sum() / z.shape[0]), _len_mistake(tuple(z.shape), "z")))
    out += [Mistake("labels_as_binary", near(F.binary_cross_entropy_with_logits(z, hard)), HARD_LABELS)
            for hard in _hard_labels(y)]
    return out


def _same(a: float, b: float, rtol: float, atol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


# ------------------------------------------------------------------ where a nan/inf comes from
def _why_bce_element(pv: float, yv: float) -> tuple[str, Text] | None:
    """Why p = pv, y = yv alone is not finite, and the id of that mistake."""
    if pv == 0.0 and yv == 0.0:
        mistake = "no_lower_clamp"
        return mistake, Text(
            "y·log(p) = 0·log(0) = 0·(-inf) = nan. Clamp p from below (p ≥ eps) before the log.",
            "y·log(p) = 0·log(0) = 0·(-inf) = nan입니다. log 전에 p를 아래쪽(p ≥ eps)으로 클램프하세요.")
    if pv == 0.0:
        mistake = "no_lower_clamp"
        return mistake, Text(
            "log(p) = log(0) = -inf. Clamp p from below (p ≥ eps) before the log.",
            "log(p) = log(0) = -inf입니다. log 전에 p를 아래쪽(p ≥ eps)으로 클램프하세요.")
    if pv == 1.0 and yv == 1.0:
        mistake = "no_upper_clamp"
        return mistake, Text(
            "(1-y)·log(1-p) = 0·log(0) = 0·(-inf) = nan. Clamp p from above (p ≤ 1 - eps) before the log.",
            "(1-y)·log(1-p) = 0·log(0) = 0·(-inf) = nan입니다. log 전에 p를 위쪽(p ≤ 1 - eps)으로 "
            "클램프하세요.")
    if pv == 1.0:
        mistake = "no_upper_clamp"
        return mistake, Text(
            "log(1-p) = log(0) = -inf. Clamp p from above (p ≤ 1 - eps) before the log.",
            "log(1-p) = log(0) = -inf입니다. log 전에 p를 위쪽(p ≤ 1 - eps)으로 클램프하세요.")
    if 0.0 < pv < 1.0 and yv in (0.0, 1.0):
        mistake = "swapped_p_y"
        return mistake, Text(
            "p is strictly between 0 and 1 here, so the log must have been taken of y (0 or 1): "
            "are p and y swapped?",
            "여기서 p는 0과 1 사이에 있으므로 log를 y(0 또는 1)에 취한 것입니다: p와 y가 뒤바뀌지 않았나요?")
    return None


def _why_logits_element(zv: float, yv: float) -> tuple[str, Text]:
    """Why z = zv, y = yv alone is not finite, and the id of that mistake."""
    mistake = "unstable_logits"
    if zv >= 0:
        return mistake, Text(
            f"For z = {zv:g}, sigmoid(z) rounds to exactly 1.0 in float32 (already above z ≈ 17), so "
            "log(1 - sigmoid(z)) = log(0) = -inf; and exp(z) overflows to inf above z ≈ 88. Never take "
            "sigmoid then log, and never exp a large positive number: use "
            "max(z, 0) - z·y + log(1 + exp(-|z|)).",
            f"z = {zv:g}이면 float32에서 sigmoid(z)가 정확히 1.0으로 반올림되어(z ≈ 17부터) "
            "log(1 - sigmoid(z)) = log(0) = -inf가 되고, z ≈ 88을 넘으면 exp(z)가 inf로 넘칩니다. sigmoid 뒤에 "
            "log를 취하지 말고 큰 양수에 exp를 하지 마세요: max(z, 0) - z·y + log(1 + exp(-|z|))를 쓰세요.")
    return mistake, Text(
        f"For z = {zv:g}, exp(-z) = exp({-zv:g}) overflows to inf in float32 (above exp(88)), and sigmoid(z) "
        "rounds to 0 (below z ≈ -103), so log(sigmoid(z)) = -inf. Never take sigmoid then log, and never "
        "exp a large positive number: use max(z, 0) - z·y + log(1 + exp(-|z|)).",
        f"z = {zv:g}이면 float32에서 exp(-z) = exp({-zv:g})가 inf로 넘치고(exp(88) 초과), sigmoid(z)는 "
        "0으로 반올림되어(z ≈ -103 미만) log(sigmoid(z)) = -inf가 됩니다. sigmoid 뒤에 log를 취하지 말고 큰 "
        "양수에 exp를 하지 마세요: max(z, 0) - z·y + log(1 + exp(-|z|))를 쓰세요.")


def _localize(sub, fn: str, a: torch.Tensor, b: torch.Tensor, kwargs: dict):
    """The first element that alone makes the learner's function non-finite: (index, a_i, b_i, value)."""
    fa, fb = a.reshape(-1), b.reshape(-1)
    for i in range(fa.numel()):
        r = sub.reply(fn, fa[i:i + 1].clone(), fb[i:i + 1].clone(), **kwargs)
        v = r.value
        if r.status == "ok" and isinstance(v, torch.Tensor) and v.is_floating_point() \
                and not bool(torch.isfinite(v).all()):
            index = tuple(int(k) for k in np.unravel_index(i, tuple(a.shape))) if a.dim() else ()
            return index, float(fa[i]), float(fb[i]), v
    return None


def _nonfinite(sub, fn, a, b, kwargs, call, expected, got, element_why, idea, names) -> None:
    found = _localize(sub, fn, a, b, kwargs)
    why = Text(f"The loss is {float(got)}. ", f"손실이 {float(got)}입니다. ")
    mistake = None
    if found is None:
        why += Text("No single element gives it alone, so it comes from how the elements are combined; "
                    "look for a log(0), 0·inf or a division by zero.",
                    "원소 하나만으로는 생기지 않으므로 원소들을 합치는 과정에서 생깁니다: log(0), 0·inf, 0으로 "
                    "나누기를 찾아보세요.")
    else:
        index, av, bv, v = found
        single = describe_call(fn, (a.reshape(-1)[:1].new_tensor([av]), b.reshape(-1)[:1].new_tensor([bv])),
                               kwargs)
        why += Text(f"The first element that is not finite on its own is element {index} ({names[0]} = {av:g}, "
                    f"{names[1]} = {bv:g}): {single} alone returns {show(v)}. ",
                    f"혼자서도 유한하지 않은 첫 원소는 원소 {index}({names[0]} = {av:g}, {names[1]} = {bv:g})입니다: "
                    f"{single} 하나만으로 {show(v)}{i_ga(show(v))} 나옵니다. ")
        mistake, reason = element_why(av, bv) or (None, None)
        if fn == "binary_cross_entropy" and av in (0.0, 1.0):
            # is it really p at the edge? try a harmless p with the same y
            r = sub.reply(fn, a.reshape(-1)[:1].new_tensor([0.5]), b.reshape(-1)[:1].new_tensor([bv]), **kwargs)
            if r.status == "ok" and isinstance(r.value, torch.Tensor) and r.value.is_floating_point() \
                    and not bool(torch.isfinite(r.value).all()):
                mistake = "swapped_p_y"
                reason = Text(f"Even p = 0.5 with y = {bv:g} gives {show(r.value)}, so the log must have been taken "
                              "of y (0 or 1), not of p: are p and y swapped?",
                              f"p = 0.5, y = {bv:g}도 {show(r.value)}{i_ga(show(r.value))} 나오므로 log를 p가 아니라 y(0 또는 1)에 "
                              "취한 것입니다: p와 y가 뒤바뀌지 않았나요?")
        if fn == "binary_cross_entropy" and av == 1.0 and a.dtype == torch.float32 and mistake == "no_upper_clamp":
            # clamped after all, with an eps float32 cannot hold? the same p = 1 in float64 tells
            r = sub.reply(fn, torch.tensor([1.0], dtype=torch.float64), torch.tensor([bv], dtype=torch.float64),
                          **kwargs)
            if r.status == "ok" and isinstance(r.value, torch.Tensor) and r.value.is_floating_point() \
                    and bool(torch.isfinite(r.value).all()):
                mistake = "eps_below_float32"
                reason = Text(
                    "The same p = 1 in float64 gives a finite loss, so p is clamped from above, but with an eps too "
                    "small for float32: 1 - eps rounds back to 1.0 when eps is below about 6e-8 (float32 keeps 24 "
                    "bits), and log(1 - 1.0) = -inf. Clamp with the eps argument (default 1e-7), not a tinier one.",
                    "같은 p = 1을 float64로 주면 손실이 유한하므로 위쪽 클램프는 있습니다. 하지만 eps가 float32에는 "
                    "너무 작습니다: eps가 약 6e-8보다 작으면 1 - eps가 다시 1.0으로 반올림되고(float32는 24비트), "
                    "log(1 - 1.0) = -inf입니다. 더 작은 값이 아니라 eps 인자(기본값 1e-7)로 클램프하세요.")
        if reason is not None:
            why += reason
    raise report(call, expected, got, why, idea, mistake)


def _loss_case(sub, fn: str, a: torch.Tensor, b: torch.Tensor, *, call: str, idea: Text, kwargs: dict | None = None,
               rtol: float = 1e-5, atol: float = 1e-6) -> None:
    kwargs = kwargs or {}
    got = sub.call(fn, a, b, **kwargs)
    if fn == "binary_cross_entropy":
        eps = kwargs.get("eps", EPS)
        expected = F.binary_cross_entropy(a.clamp(eps, 1 - eps), b)
        mistakes, element_why, names = _bce_mistakes(a, b, eps, expected, rtol, atol), _why_bce_element, ("p", "y")
    else:
        expected = F.binary_cross_entropy_with_logits(a, b)
        mistakes, element_why, names = _logits_mistakes(a, b, expected, rtol, atol), _why_logits_element, ("z", "y")
    if isinstance(got, torch.Tensor) and a.dim() > 0 and tuple(got.shape) == tuple(a.shape) \
            and got.is_floating_point():
        if fn == "binary_cross_entropy":
            ac = a.detach().cpu().double().clamp(eps, 1 - eps)
            per_element = _terms(ac, b.detach().cpu().double())
        else:
            per_element = F.binary_cross_entropy_with_logits(a.detach().cpu().double(), b.detach().cpu().double(),
                                                             reduction="none")
        if torch.allclose(got.detach().cpu().double(), per_element, rtol=1e-4, atol=1e-6):
            raise report(call, expected, got, Text(
                f"Shape {tuple(got.shape)}: one loss per element came back, and they are right, but the .mean() "
                "is missing. The loss of a batch is one number, the mean over all elements, as a 0-dim tensor.",
                f"모양 {tuple(got.shape)}: 원소마다 손실 하나가 왔고 값은 맞지만 .mean()이 빠졌습니다. 배치의 손실은 "
                "모든 원소에 대한 평균, 즉 0차원 텐서 하나입니다."), idea, mistake="no_mean")
    if isinstance(got, torch.Tensor) and got.shape == expected.shape and got.dtype == expected.dtype \
            and not _same(float(got), float(expected), rtol, atol):
        # a mistake is named only when it is told apart from the right answer at the matching tolerance (_near)
        name_mistake(got, mistakes, call=call, expected=expected, idea=idea)
        if not math.isfinite(float(got)):
            _nonfinite(sub, fn, a, b, kwargs, call, expected, got, element_why, idea, names)
    expect_tensor(got, expected, call=call, idea=idea, rtol=rtol, atol=atol)


def _probabilities(n, gen):
    return 0.05 + 0.9 * torch.rand(n, generator=gen)


# ------------------------------------------------------------------ binary_cross_entropy
@check("bce_basic", points=2, cuda=True)
def test_bce_basic(sub, device):
    g = _gen()
    p = _probabilities(8, g)
    y = (torch.rand(8, generator=g) > 0.5).float()
    p, y = p.to(device), y.to(device)
    _loss_case(sub, "binary_cross_entropy", p, y, idea=IDEA_BCE,
               call=f"binary_cross_entropy(p, y), p = 0.05 + 0.9 * torch.rand(8), y = (torch.rand(8) > 0.5).float() "
                    f"(seed {SEED}): p = {show(p)}, y = {show(y)}")


@check("bce_soft_labels", points=1)
def test_bce_soft_labels(sub):
    g = _gen()
    p = _probabilities(6, g)
    y = torch.rand(6, generator=g)
    _loss_case(sub, "binary_cross_entropy", p, y, idea=IDEA_BCE,
               call=f"binary_cross_entropy(p, y), p = 0.05 + 0.9 * torch.rand(6), y = torch.rand(6) (seed {SEED}): "
                    f"p = {show(p)}, y = {show(y)}")


@check("bce_batch_2d", points=1)
def test_bce_batch_2d(sub):
    g = _gen()
    p = _probabilities((3, 4), g)
    y = (torch.rand(3, 4, generator=g) > 0.5).float()
    _loss_case(sub, "binary_cross_entropy", p, y, idea=IDEA_BCE,
               call=f"binary_cross_entropy(p, y), p = 0.05 + 0.9 * torch.rand(3, 4), "
                    f"y = (torch.rand(3, 4) > 0.5).float() (seed {SEED})")


@check("bce_p_exactly_zero", points=2, cuda=True)
def test_bce_p_exactly_zero(sub, device):
    p = torch.tensor([0.0, 0.0, 0.6], device=device)
    y = torch.tensor([1.0, 0.0, 1.0], device=device)
    # rtol 2e-2: any clamp of p near [1e-7, 1 - 1e-7] is fine here; the exact clamp is checked in bce_eps_argument
    _loss_case(sub, "binary_cross_entropy", p, y, idea=IDEA_CLAMP, rtol=2e-2, atol=1e-4,
               call=f"binary_cross_entropy({show(p)}, {show(y)})")


@check("bce_p_exactly_one", points=2, cuda=True)
def test_bce_p_exactly_one(sub, device):
    p = torch.tensor([1.0, 1.0, 0.3], device=device)
    y = torch.tensor([0.0, 1.0, 0.0], device=device)
    _loss_case(sub, "binary_cross_entropy", p, y, idea=IDEA_CLAMP, rtol=2e-2, atol=1e-4,
               call=f"binary_cross_entropy({show(p)}, {show(y)})")


@check("bce_eps_argument", points=1)
def test_bce_eps_argument(sub):
    p = torch.tensor([0.001, 0.999, 0.5, 0.0])
    y = torch.tensor([1.0, 0.0, 1.0, 1.0])
    _loss_case(sub, "binary_cross_entropy", p, y, kwargs={"eps": 0.01}, idea=Text(
        "p.clamp(eps, 1 - eps) with the eps passed in: values inside [eps, 1 - eps] stay exactly as they are.",
        "넘겨받은 eps로 p.clamp(eps, 1 - eps): [eps, 1 - eps] 안의 값은 그대로 남습니다."),
        call=f"binary_cross_entropy({show(p)}, {show(y)}, eps=0.01)")


@check("bce_shape_mismatch", points=1)
def test_bce_shape_mismatch(sub):
    p = _probabilities((4, 1), _gen())
    y = torch.tensor([1.0, 0.0, 0.0, 1.0])
    _expect_shape_error(sub, "binary_cross_entropy", p, y)


@check("bce_input_not_modified", points=1)
def test_bce_input_not_modified(sub):
    _expect_unmodified(sub, "binary_cross_entropy", torch.tensor([0.0, 0.2, 1.0]), torch.tensor([0.0, 0.0, 1.0]),
                       torch.tensor([0.3, 0.2, 0.6]),
                       Text("Your function changed p in place (p.clamp_(...), p[p == 0] = eps, …). The caller's "
                            "predictions must stay as they were: clamp without the trailing underscore makes a new tensor.",
                            "함수가 p를 제자리에서 바꿨습니다(p.clamp_(...), p[p == 0] = eps, …). 호출한 쪽의 예측값은 "
                            "그대로 남아야 합니다: 끝에 밑줄이 없는 clamp는 새 텐서를 만듭니다."))


def _expect_unmodified(sub, fn: str, a: torch.Tensor, b: torch.Tensor, plain: torch.Tensor, why: Text) -> None:
    """The arguments come back untouched, and the loss is right: the point is for a right answer that
    leaves its inputs alone, never for a non-answer that does nothing. ``a`` (edge values, where an
    in-place clamp or abs shows) is checked for changes only; ``plain`` (with ``b``, values where even
    an unclamped or naive formula is finite) for changes and for the loss, so a missing clamp or an
    unstable formula costs only the checks about it, not this one too."""
    _, after = sub.call_and_args(fn, a, b)
    expect_unchanged(describe_call(fn, (a, b), {}), {"the first argument": (a, after[0]),
                                                     "the second argument": (b, after[1])}, why, mistake="in_place")
    got, after = sub.call_and_args(fn, plain, b)
    call = describe_call(fn, (plain, b), {})
    expect_unchanged(call, {"the first argument": (plain, after[0]), "the second argument": (b, after[1])}, why,
                     mistake="in_place")
    if fn == "binary_cross_entropy":
        expect_tensor(got, F.binary_cross_entropy(plain.clamp(EPS, 1 - EPS), b), call=call, idea=IDEA_BCE)
    else:
        expect_tensor(got, F.binary_cross_entropy_with_logits(plain, b), call=call, idea=IDEA_LOGITS)


@check("float64_kept", points=1)
def test_float64_kept(sub):
    idea = Text("compute with the input's dtype: no .float(), and no new tensors made without dtype=p.dtype.",
                "입력의 dtype으로 계산하세요: .float()를 쓰지 말고, dtype=p.dtype 없이 새 텐서를 만들지 마세요.")
    g = _gen()
    p = _probabilities(5, g).double()
    y = (torch.rand(5, generator=g) > 0.5).double()
    _loss_case(sub, "binary_cross_entropy", p, y, idea=idea, rtol=1e-10, atol=1e-12,
               call=f"binary_cross_entropy(p, y) in float64: p = {show(p)}, y = {show(y)}")
    z = 4 * torch.randn(5, generator=g, dtype=torch.float64)
    _loss_case(sub, "bce_with_logits", z, y, idea=idea, rtol=1e-10, atol=1e-12,
               call=f"bce_with_logits(z, y) in float64: z = {show(z)}, y = {show(y)}")


# ------------------------------------------------------------------ bce_with_logits
@check("logits_basic", points=2, cuda=True)
def test_logits_basic(sub, device):
    g = _gen()
    z = (3 * torch.randn(8, generator=g)).to(device)
    y = (torch.rand(8, generator=g) > 0.5).float().to(device)
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS,
               call=f"bce_with_logits(z, y), z = 3 * torch.randn(8), y = (torch.rand(8) > 0.5).float() "
                    f"(seed {SEED}): z = {show(z)}, y = {show(y)}")


@check("logits_soft_labels", points=1)
def test_logits_soft_labels(sub):
    g = _gen()
    z = 2 * torch.randn(6, generator=g)
    y = torch.rand(6, generator=g)
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS,
               call=f"bce_with_logits(z, y), z = 2 * torch.randn(6), y = torch.rand(6) (seed {SEED}): "
                    f"z = {show(z)}, y = {show(y)}")


@check("logits_batch_2d", points=1)
def test_logits_batch_2d(sub):
    g = _gen()
    z = 2 * torch.randn(3, 4, generator=g)
    y = (torch.rand(3, 4, generator=g) > 0.5).float()
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS,
               call=f"bce_with_logits(z, y), z = 2 * torch.randn(3, 4), y = (torch.rand(3, 4) > 0.5).float() "
                    f"(seed {SEED})")


@check("logits_large_100", points=1, cuda=True)
def test_logits_large(sub, device):
    z = torch.tensor([100.0, -100.0, 200.0, -200.0, 30.0, -30.0], device=device)
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.0, 1.0], device=device)
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS, call=f"bce_with_logits({show(z)}, {show(y)})")


@check("logits_plus_1e4", points=2, cuda=True)
def test_logits_plus(sub, device):
    z = torch.tensor([1e4, 1e4], device=device)
    y = torch.tensor([1.0, 0.0], device=device)
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS, call=f"bce_with_logits({show(z)}, {show(y)})")


@check("logits_minus_1e4", points=2, cuda=True)
def test_logits_minus(sub, device):
    z = torch.tensor([-1e4, -1e4], device=device)
    y = torch.tensor([1.0, 0.0], device=device)
    _loss_case(sub, "bce_with_logits", z, y, idea=IDEA_LOGITS, call=f"bce_with_logits({show(z)}, {show(y)})")


@check("logits_input_not_modified", points=1)
def test_logits_input_not_modified(sub):
    _expect_unmodified(sub, "bce_with_logits", torch.tensor([-200.0, 0.5, 300.0]), torch.tensor([1.0, 0.0, 0.0]),
                       torch.tensor([-2.0, 0.5, 1.5]),
                       Text("Your function changed z in place (z.clamp_(...), z.abs_(), z[z < 0] = …). The caller's "
                            "logits must stay as they were: z.clamp(min=0) and z.abs() make new tensors.",
                            "함수가 z를 제자리에서 바꿨습니다(z.clamp_(...), z.abs_(), z[z < 0] = …). 호출한 쪽의 "
                            "로짓은 그대로 남아야 합니다: z.clamp(min=0)과 z.abs()는 새 텐서를 만듭니다."))


@check("logits_shape_mismatch", points=1)
def test_logits_shape_mismatch(sub):
    z = torch.randn(4, 1, generator=_gen())
    y = torch.tensor([1.0, 0.0, 0.0, 1.0])
    _expect_shape_error(sub, "bce_with_logits", z, y)


def _loss_of(fn: str):
    """The right loss of two same-shape float64 tensors, for telling what a function that took shapes that
    differ did with them."""
    if fn == "binary_cross_entropy":
        return lambda a, b: F.binary_cross_entropy(a.clamp(EPS, 1 - EPS), b)
    return F.binary_cross_entropy_with_logits


def _expect_shape_error(sub, fn: str, a: torch.Tensor, b: torch.Tensor) -> None:
    expect_shape_refused(sub, fn, a, b, loss=_loss_of(fn), idea=IDEA_SAME_SHAPE)
