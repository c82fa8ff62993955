"""Hidden checks for logistic_regression. Expected values are computed in the judge from the model's own
weights (read from its state) and from the breast-cancer data the course ships."""

from functools import lru_cache

import torch

from grader.checks import check, fail
from grader.compare import Mistake, expect_number, expect_tensor, first_mistake, name_mistake, report, show
from grader.datasets import load_breast_cancer
from grader.i18n import Text, eul_reul, i_ga

SEED = 20261122
N_TRAIN = 455
ACCURACY_BAR = 0.93
KNOWN_MISTAKES = {
    "no_parameters": "parameters kept as plain tensors: model.parameters() is empty",
    "no_bias": "the weights without the bias",
    "two_outputs": "a layer with two outputs for a binary problem",
    "hard_coded_30": "the number of features hard-coded as 30",
    "not_a_module": "LogisticRegression is not an nn.Module",
    "squeezed_output": "the right probabilities squeezed to shape (N,)",
    "returns_logits": "forward returns logits (no sigmoid): values outside [0, 1]",
    "squeeze_all": ".squeeze() removed the batch dimension too: a 0-dim tensor for one row",
    "accuracy_broadcast": "(N, 1) compared with (N,): the mean of an (N, N) table",
    "accuracy_count": "the number of correct predictions instead of the fraction",
    "accuracy_round": "probs.round(): 0.5 rounds to 0, and the threshold is ignored",
    "accuracy_strict": "p > threshold instead of p >= threshold",
    "accuracy_fixed_half": "the threshold argument ignored: always 0.5",
    "fit_returns_non_module": "fit returns something other than the trained model",
    "unseeded_fit": "torch.manual_seed(seed) missing or after the model is built",
    "no_zero_grad": "no zero_grad() between backward() calls",
    "epochs_ignored": "the epochs argument ignored",
    "lr_ignored": "the lr argument ignored",
    "fit_sigmoid_twice": "BCEWithLogitsLoss on probabilities: the sigmoid applied twice",
    "fit_mse_loss": "trained on the MSE of the probabilities instead of the BCE",
    "fit_bce_sum": "trained on the summed BCE (reduction='sum')",
}

IDEA_MODULE = Text("one nn.Linear(n_features, 1) inside an nn.Module: n_features weights plus one bias.",
                   "nn.Module 안의 nn.Linear(n_features, 1) 하나: 가중치 n_features개와 편향 1개.")
IDEA_FORWARD = Text("forward returns torch.sigmoid(self.linear(x)): probabilities in [0, 1] of shape (N, 1).",
                    "forward는 torch.sigmoid(self.linear(x))를 반환합니다: [0, 1] 안의 확률, 모양 (N, 1).")
IDEA_ACC = Text("flatten both sides before comparing: (probs.reshape(-1) >= threshold) == y.reshape(-1), "
                "then the mean as a Python float (.item()).",
                "비교하기 전에 양쪽을 펴세요: (probs.reshape(-1) >= threshold) == y.reshape(-1), "
                "그다음 평균을 Python float로(.item()).")
IDEA_FIT = Text("torch.manual_seed(seed); model = LogisticRegression(d); SGD(model.parameters(), lr=lr); "
                "each epoch zero_grad → BCE(model(X), y.reshape(-1, 1)) → backward → step.",
                "torch.manual_seed(seed); model = LogisticRegression(d); SGD(model.parameters(), lr=lr); "
                "에포크마다 zero_grad → BCE(model(X), y.reshape(-1, 1)) → backward → step.")


def _gen(offset=0):
    return torch.Generator().manual_seed(SEED + offset)


# ------------------------------------------------------------------ the model's weights, as data
def _floats(state):
    return {k: v for k, v in state.items() if isinstance(v, torch.Tensor) and v.is_floating_point()}


def _count_why(total, n) -> tuple[Text, str | None]:
    """Why a parameter total other than n + 1 is wrong, and the id of the likely mistake."""
    if total == 0:
        mistake = "no_parameters"
        return Text("The model has no parameters: create them as nn.Linear / nn.Parameter attributes of self "
                    "(plain tensors are invisible to model.parameters() and the optimizer).",
                    "모델에 파라미터가 없습니다: self의 nn.Linear / nn.Parameter 속성으로 만드세요"
                    "(일반 텐서는 model.parameters()와 옵티마이저에 보이지 않습니다)."), mistake
    if total == n:
        mistake = "no_bias"
        return Text(f"{n} parameters: the weights are there but the bias is missing (nn.Linear(n, 1, bias=False)?).",
                    f"파라미터 {n}개: 가중치는 있지만 편향이 없습니다(nn.Linear(n, 1, bias=False)?)."), mistake
    if total == 2 * n + 2:
        mistake = "two_outputs"
        return Text(f"{total} parameters = 2 × (n + 1): the layer has two outputs. A binary problem needs one "
                    "output unit (the probability of class 1).",
                    f"파라미터 {total}개 = 2 × (n + 1): 층의 출력이 2개입니다. 이진 문제에는 출력 유닛 하나"
                    "(클래스 1의 확률)면 됩니다."), mistake
    if total == 31 and n != 30:
        mistake = "hard_coded_30"
        return Text("31 parameters whatever n_features is: the size 30 is hard-coded. Use n_features.",
                    "n_features와 상관없이 파라미터가 31개입니다: 크기 30이 고정되어 있습니다. n_features를 쓰세요."), mistake
    return Text(f"{total} parameters instead of n_features + 1 = {n + 1}.",
                f"파라미터가 n_features + 1 = {n + 1}개가 아니라 {total}개입니다."), None


def _new_model(sub, n):
    """LogisticRegression(n) kept in the child, with (w (n,), b (1,)) read from its state."""
    call = f"LogisticRegression({n})"
    h = sub.keep("LogisticRegression", n)
    if h.module is None:
        raise fail(f"{call} built a {h.type}, not an nn.Module.\n"
                   "  Declare `class LogisticRegression(nn.Module)` and call super().__init__() first.\n"
                   f"  Revisit: {IDEA_MODULE.en}",
                   f"{call}{i_ga(call)} nn.Module이 아닌 {h.type}{eul_reul(h.type)} 만들었습니다.\n"
                   "  `class LogisticRegression(nn.Module)`로 선언하고 먼저 super().__init__()를 호출하세요.\n"
                   f"  다시 볼 개념: {IDEA_MODULE.ko}", mistake="not_a_module")
    params = _floats(h.module.state)
    total = sum(v.numel() for v in params.values())
    weights = [v for v in params.values() if v.numel() == n]
    biases = [v for v in params.values() if v.numel() == 1]
    if total != n + 1 or len(weights) != 1 or len(biases) != 1:
        sizes = {k: tuple(v.shape) for k, v in params.items()}
        why, mistake = _count_why(total, n)
        raise report(f"{call}, then counting its parameters (state_dict: {sizes})", n + 1, total, why, IDEA_MODULE,
                     mistake)
    return h, weights[0].reshape(-1).detach().cpu(), biases[0].reshape(-1).detach().cpu()


@check("parameter_count", points=2)
def test_parameter_count(sub):
    for n in (30, 5):
        _new_model(sub, n)


def _expect_probabilities(got, x, w, b, call):
    """got must be sigmoid(x @ w + b) as an (N, 1) column; logits and squeezed shapes are named."""
    logits = (x.double() @ w.double().to(x.device) + b.double().to(x.device)).reshape(-1, 1)
    expected = torch.sigmoid(logits).to(x.dtype)
    if isinstance(got, torch.Tensor) and got.is_floating_point():
        g = got.detach().to("cpu", torch.float64)
        if g.numel() == x.shape[0] and tuple(got.shape) != tuple(expected.shape):
            if torch.allclose(g.reshape(-1), expected.double().cpu().reshape(-1), rtol=1e-4, atol=1e-6):
                raise report(call, expected, got, Text(
                    f"The probabilities are right but the shape is {tuple(got.shape)}, not (N, 1) = "
                    f"{tuple(expected.shape)}: do not squeeze. nn.Linear(n, 1) already gives an (N, 1) column, "
                    "which BCE and the rest of the course expect.",
                    f"확률 값은 맞지만 모양이 (N, 1) = {tuple(expected.shape)}이 아니라 {tuple(got.shape)}입니다: "
                    "squeeze하지 마세요. nn.Linear(n, 1)이 이미 (N, 1) 열을 주고, BCE와 이후 과정이 그 모양을 "
                    "기대합니다."), IDEA_FORWARD, mistake="squeezed_output")
        if g.numel() > 0 and bool(torch.isfinite(g).all()) and (g.min() < 0 or g.max() > 1):
            same = g.numel() == logits.numel() and torch.allclose(g.reshape(-1), logits.cpu().reshape(-1),
                                                                  rtol=1e-4, atol=1e-5)
            raise report(call, expected, got, Text(
                ("These are the logits x @ w + b" if same else "Values outside [0, 1] came back") +
                f" (smallest {g.min().item():.4g}, largest {g.max().item():.4g}): a probability must lie in "
                "[0, 1]. Apply torch.sigmoid to the linear layer's output in forward.",
                ("이것은 로짓 x @ w + b입니다" if same else "[0, 1] 밖의 값이 나왔습니다") +
                f"(최솟값 {g.min().item():.4g}, 최댓값 {g.max().item():.4g}): 확률은 [0, 1] 안에 있어야 합니다. "
                "forward에서 선형 층의 출력에 torch.sigmoid를 적용하세요."), IDEA_FORWARD, mistake="returns_logits")
    expect_tensor(got, expected, call=call, idea=IDEA_FORWARD, rtol=1e-4, atol=1e-6)


@check("forward_probabilities", points=2, cuda=True)
def test_forward(sub, device):
    h, w, b = _new_model(sub, 30)
    if device != "cpu":
        sub.method(h, "to", device)
    x = (3 * torch.randn(8, 30, generator=_gen())).to(device)
    got = sub.method(h, "forward", x)
    _expect_probabilities(got, x, w, b, f"LogisticRegression(30).forward(x), x = 3 * torch.randn(8, 30) "
                                        f"(seed {SEED}) on {device}")


@check("forward_single_row", points=1)
def test_single_row(sub):
    h, w, b = _new_model(sub, 4)
    x = torch.tensor([[0.5, -1.0, 2.0, 0.25]])
    got = sub.method(h, "forward", x)
    if isinstance(got, torch.Tensor) and got.dim() == 0:
        raise report(f"LogisticRegression(4).forward({show(x)})", torch.sigmoid(x @ w + b).reshape(1, 1), got,
                     Text("A 0-dim tensor came back for one row: .squeeze() removed the batch dimension too. "
                          "Keep the shape (N, 1), here (1, 1).",
                          "한 행에 대해 0차원 텐서가 왔습니다: .squeeze()가 배치 차원까지 없앴습니다. "
                          "모양 (N, 1), 여기서는 (1, 1)을 유지하세요."), IDEA_FORWARD, mistake="squeeze_all")
    _expect_probabilities(got, x, w, b, f"LogisticRegression(4).forward({show(x)})")


# ------------------------------------------------------------------ accuracy
def _as_number(got):
    if isinstance(got, torch.Tensor) and got.numel() == 1 and got.is_floating_point():
        return got.item()
    if type(got) in (int, float):
        return float(got)
    return None


def _accuracy_ref(probs, y, threshold, strict=False):
    p = probs.reshape(-1)
    predicted = (p > threshold) if strict else (p >= threshold)
    return (predicted.float() == y.reshape(-1).float()).float().mean().item()


def _broadcast_value(probs, y, threshold):
    """What comparing an (N, 1) column with an (N,) row gives: the mean of an (N, N) table."""
    table = (probs.reshape(-1, 1) >= threshold).float() == y.reshape(1, -1).float()
    return table.float().mean().item()


def _accuracy_is(wrong):
    """A detector: the accuracy that came back (a number, or a one-element float tensor) is ``wrong``."""
    return lambda got: _as_number(got) is not None and abs(_as_number(got) - wrong) < 1e-6


def _expect_accuracy(sub, probs, y, threshold, call, extra=()):
    got = sub.accuracy(probs, y, threshold) if threshold != 0.5 else sub.accuracy(probs, y)
    expected = _accuracy_ref(probs, y, threshold)
    value = _as_number(got)
    if value is not None and abs(value - expected) > 1e-6:
        n = probs.shape[0]
        if abs(value - _broadcast_value(probs, y, threshold)) < 1e-6:
            ps, ys = tuple(probs.shape), tuple(y.shape)
            if probs.dim() != y.dim():
                how = Text(f"probs has shape {ps} and y {ys}, so comparing them",
                           f"probs의 모양은 {ps}, y는 {ys}이라서 둘을 비교하면")
            else:
                how = Text(f"probs and y both have shape {ps}, but only one side was flattened (e.g. probs.squeeze()), "
                           f"and comparing ({n},) with ({n}, 1)",
                           f"probs와 y의 모양은 둘 다 {ps}인데 한쪽만 폈습니다(예: probs.squeeze()). ({n},)와 ({n}, 1)을 "
                           "비교하면")
            raise report(call, expected, got, Text(
                f"This is the mean of a ({n}, {n}) table: {how.en} broadcasts every prediction against every label. "
                "Flatten both (reshape(-1)) before comparing.",
                f"이것은 ({n}, {n}) 표의 평균입니다: {how.ko} 모든 예측이 모든 레이블과 브로드캐스팅됩니다. "
                "비교 전에 둘 다 펴세요(reshape(-1))."), IDEA_ACC, mistake="accuracy_broadcast")
        n_all = probs.numel()
        if n_all > 1 and abs(value - expected * n_all) < 1e-6:
            raise report(call, expected, got, Text(
                f"This is the number of correct predictions ({value:g} of {n_all}), not the fraction: accuracy is "
                "(predicted == labels).float().mean(), or the count divided by N.",
                f"맞힌 예측의 개수({n_all}개 중 {value:g}개)이지 비율이 아닙니다: 정확도는 "
                "(predicted == labels).float().mean(), 또는 개수를 N으로 나눈 값입니다."), IDEA_ACC,
                mistake="accuracy_count")
        rounded = sub.last is not None and any(name.rsplit(".", 1)[-1] == "round" for name in sub.last.calls)
        if rounded and abs(value - _accuracy_ref(probs.reshape(-1).round(), y, 0.5)) < 1e-6:
            raise report(call, expected, got, Text(
                "These are the classes of probs.round(): torch.round rounds half to even, so 0.5 becomes 0 (class 0, "
                "not 1), and rounding always cuts at 0.5, whatever `threshold` says. Compare instead: "
                "probs >= threshold.",
                "probs.round()의 클래스입니다: torch.round는 반올림을 짝수 쪽으로 해서 0.5가 0(클래스 1이 아니라 0)이 "
                "되고, `threshold`와 상관없이 언제나 0.5에서 자릅니다. 대신 비교하세요: probs >= threshold."),
                IDEA_ACC, mistake="accuracy_round")
        name_mistake(got, extra, call=call, expected=expected, idea=IDEA_ACC)
    if value is not None and isinstance(got, torch.Tensor):
        got = value  # the type is its own check (accuracy_is_float)
    expect_number(got, expected, call=call, idea=IDEA_ACC, rtol=0, atol=1e-6)


@check("accuracy_value", points=2, cuda=True)
def test_accuracy_value(sub, device):
    probs = torch.rand(12, 1, generator=_gen(1))
    y = torch.bernoulli(probs.reshape(-1), generator=_gen(2))
    _expect_accuracy(sub, probs.to(device), y.to(device), 0.5,
                     f"accuracy(probs, y), probs = torch.rand(12, 1) (seed {SEED + 1}), y = {show(y)} on {device}")


@check("accuracy_label_shapes", points=1)
def test_accuracy_label_shapes(sub):
    probs = torch.tensor([[0.9], [0.1], [0.6], [0.3], [0.8], [0.45], [0.7]])
    y_col = torch.tensor([[1.0], [0.0], [0.0], [0.0], [1.0], [1.0], [1.0]])
    _expect_accuracy(sub, probs, y_col, 0.5, f"accuracy({show(probs)}, y), y of shape (7, 1) = {show(y_col)}")
    y_int = y_col.reshape(-1).long()
    _expect_accuracy(sub, probs, y_int, 0.5, f"accuracy({show(probs)}, y), y int64 of shape (7,) = {show(y_int)}")
    p_flat = probs.reshape(-1)
    _expect_accuracy(sub, p_flat, y_col, 0.5, f"accuracy(probs, y), probs of shape (7,) = {show(p_flat)}, "
                                               f"y of shape (7, 1)")


@check("accuracy_at_threshold", points=1)
def test_accuracy_at_threshold(sub):
    probs = torch.tensor([[0.5], [0.5], [0.2], [0.9], [0.5], [0.1]])
    y = torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    strict = _accuracy_ref(probs, y, 0.5, strict=True)
    _expect_accuracy(sub, probs, y, 0.5, f"accuracy({show(probs)}, {show(y)})", extra=[Mistake(
        "accuracy_strict", _accuracy_is(strict), Text(
            "A probability exactly equal to the threshold was counted as class 0 (`>`): it is class 1 (`>=`).",
            "임계값과 정확히 같은 확률을 클래스 0으로 셌습니다(`>`): 클래스 1입니다(`>=`)."))])


@check("accuracy_custom_threshold", points=1)
def test_accuracy_threshold(sub):
    probs = torch.tensor([[0.9], [0.6], [0.8], [0.3], [0.7], [0.55], [0.95], [0.2]])
    y = torch.tensor([1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0])
    at_half = _accuracy_ref(probs, y, 0.5)
    _expect_accuracy(sub, probs, y, 0.75, f"accuracy({show(probs)}, {show(y)}, threshold=0.75)", extra=[Mistake(
        "accuracy_fixed_half", _accuracy_is(at_half), Text(
            "This is the accuracy at threshold 0.5: the `threshold` argument was ignored.",
            "이것은 임계값 0.5에서의 정확도입니다: `threshold` 인자가 무시되었습니다."))])


@check("accuracy_is_float", points=1)
def test_accuracy_is_float(sub):
    probs = torch.tensor([[0.9], [0.2], [0.6], [0.4]])   # none at the threshold: `>` vs `>=` costs only its own check
    y = torch.tensor([1.0, 0.0, 0.0, 0.0])
    got = sub.accuracy(probs, y)
    call = f"accuracy({show(probs)}, {show(y)})"
    if type(got) is not float:
        why = Text(f"Expected a Python float, got a {type(got).__name__}" +
                   (": a tensor keeps the graph and the device; return .item()." if isinstance(got, torch.Tensor)
                    else "."),
                   f"Python float가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다" +
                   (": 텐서는 그래프와 장치를 달고 다닙니다. .item()을 반환하세요." if isinstance(got, torch.Tensor)
                    else "."))
        raise report(call, 0.75, got, why, IDEA_ACC)
    expect_number(got, 0.75, call=call, idea=IDEA_ACC, rtol=0, atol=1e-6)


# ------------------------------------------------------------------ fit
@lru_cache(maxsize=1)
def _split():
    """A fixed 455 / 114 split, standardized with the training rows' mean and (population) std."""
    X, y = load_breast_cancer(standardize=False)
    perm = torch.randperm(X.shape[0], generator=_gen(3))
    tr, te = perm[:N_TRAIN], perm[N_TRAIN:]
    Xd = X.double()
    mean, std = Xd[tr].mean(0), Xd[tr].std(0, unbiased=False)
    Z = ((Xd - mean) / std).float()
    return Z[tr].contiguous(), y[tr].contiguous(), Z[te].contiguous(), y[te].contiguous()


DATA = Text(f"the breast-cancer training rows ({N_TRAIN} rows by torch.randperm, seed {SEED + 3}, standardized "
            "with their own mean and std)",
            f"유방암 학습 행(torch.randperm, seed {SEED + 3}으로 고른 {N_TRAIN}행, 자체 평균과 표준편차로 표준화)")


def _fit(sub, X, y, **kw):
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    h = sub.keep("fit", X, y, _timeout=20, **kw)
    if h.module is None:
        raise fail(f"fit(X, y{', ' + args if args else ''}) on {DATA.en}: it returned a {h.type}, not the model.\n"
                   "  Return the trained LogisticRegression itself.\n"
                   f"  Revisit: {IDEA_FIT.en}",
                   f"fit(X, y{', ' + args if args else ''}) ({DATA.ko}): 모델이 아니라 {h.type}{eul_reul(h.type)} 반환했습니다.\n"
                   "  학습된 LogisticRegression 자체를 반환하세요.\n"
                   f"  다시 볼 개념: {IDEA_FIT.ko}", mistake="fit_returns_non_module")
    return h


def _hit_rate(probs, y):
    return ((probs.reshape(-1) >= 0.5).float() == y).float().mean().item()


@check("fit_breast_cancer", points=3, timeout=20)
def test_fit(sub):
    Xtr, ytr, Xte, yte = _split()
    h = _fit(sub, Xtr, ytr)
    call = (f"model = fit(X_train, y_train); model(X_test)  [breast cancer: {N_TRAIN} train / {Xte.shape[0]} test "
            f"rows, torch.randperm seed {SEED + 3}, standardized with the training mean/std]")
    probs = sub.method(h, "forward", Xte)
    if not isinstance(probs, torch.Tensor) or tuple(probs.shape) != (Xte.shape[0], 1) \
            or not probs.is_floating_point() or not bool(torch.isfinite(probs).all()) \
            or probs.min() < 0 or probs.max() > 1:
        raise report(call, f"probabilities in [0, 1] of shape ({Xte.shape[0]}, 1)", probs, Text(
            "The trained model must return probabilities of shape (N, 1), as LogisticRegression.forward does.",
            "학습된 모델은 LogisticRegression.forward처럼 모양 (N, 1)의 확률을 반환해야 합니다."), IDEA_FORWARD)
    test_acc = _hit_rate(probs.cpu(), yte)
    if test_acc < ACCURACY_BAR:
        train_probs = sub.method(h, "forward", Xtr)
        train_acc = _hit_rate(train_probs.cpu(), ytr) if isinstance(train_probs, torch.Tensor) else float("nan")
        raise report(call, f"test accuracy >= {ACCURACY_BAR}", round(test_acc, 4), Text(
            f"Test accuracy {test_acc:.3f} (training accuracy {train_acc:.3f}); logistic regression reaches "
            "about 0.97 here. The model barely learned: check that every epoch calls zero_grad, computes the "
            "BCE of model(X) against y.reshape(-1, 1), calls backward and then optimizer.step(), that the "
            "optimizer got model.parameters(), and that the defaults epochs=100, lr=0.1 are used.",
            f"테스트 정확도 {test_acc:.3f}(학습 정확도 {train_acc:.3f}). 로지스틱 회귀는 여기서 약 0.97에 "
            "이릅니다. 모델이 거의 학습되지 않았습니다: 에포크마다 zero_grad, y.reshape(-1, 1)에 대한 "
            "model(X)의 BCE 계산, backward, optimizer.step()을 하는지, 옵티마이저가 model.parameters()를 "
            "받았는지, 기본값 epochs=100, lr=0.1을 쓰는지 확인하세요."), IDEA_FIT)


def _same_state(a, b):
    return a.keys() == b.keys() and all(
        isinstance(a[k], torch.Tensor) and isinstance(b[k], torch.Tensor) and a[k].shape == b[k].shape
        and torch.equal(a[k], b[k]) for k in a)


@check("fit_deterministic", points=1, timeout=20)
def test_fit_deterministic(sub):
    Xtr, ytr, _, _ = _split()
    first = _fit(sub, Xtr[:100], ytr[:100], epochs=10, seed=0).module.state
    # another seed in between: a seed set only after the model is built would otherwise carry over from the first call
    _fit(sub, Xtr[:100], ytr[:100], epochs=10, seed=1)
    second = _fit(sub, Xtr[:100], ytr[:100], epochs=10, seed=0).module.state
    if not _same_state(first, second):
        raise fail(f"fit(X, y, epochs=10, seed=0), then seed=1, then seed=0 again, with X, y the first 100 of "
                   f"{DATA.en}: the two seed=0 models differ.\n"
                   "  The same seed must give the same model. Call torch.manual_seed(seed) at the start of fit, "
                   "before LogisticRegression(...) draws its initial weights.\n"
                   f"  Revisit: {IDEA_FIT.en}",
                   f"{DATA.ko} 중 처음 100행으로 fit(X, y, epochs=10, seed=0), seed=1, 다시 seed=0 순서로 호출했더니 "
                   "두 seed=0 모델이 다릅니다.\n"
                   "  같은 seed는 같은 모델을 줘야 합니다. fit을 시작할 때, LogisticRegression(...)이 초기 가중치를 "
                   "뽑기 전에 torch.manual_seed(seed)를 호출하세요.\n"
                   f"  다시 볼 개념: {IDEA_FIT.ko}", mistake="unseeded_fit")


@check("fit_clears_gradients", points=1, timeout=20)
def test_fit_clears_gradients(sub):
    Xtr, ytr, _, _ = _split()
    _fit(sub, Xtr[:100], ytr[:100], epochs=5, seed=0)
    reply = sub.last
    if any(name.rsplit(".", 1)[-1] == "zero_" for name in reply.calls):
        return   # gradients zeroed by hand (p.grad.zero_()): nothing more to see in the trace
    events = reply.events
    backwards = [i for i, e in enumerate(events) if e.endswith(".backward")]
    clears = [i for i, e in enumerate(events) if e.endswith(".zero_grad")]
    for before, after in zip(backwards, backwards[1:]):
        if not any(before < c < after for c in clears):
            raise fail(f"fit(X, y, epochs=5, seed=0) on the first 100 of {DATA.en}: backward() ran again without "
                       "zero_grad() in between.\n"
                       "  loss.backward() adds to .grad, it does not replace it: without optimizer.zero_grad() "
                       "before each backward, every step also repeats all the earlier gradients, like a runaway "
                       "momentum. Call optimizer.zero_grad() at the start of every epoch (or batch).\n"
                       f"  Revisit: {IDEA_FIT.en}",
                       f"{DATA.ko} 중 처음 100행으로 fit(X, y, epochs=5, seed=0): zero_grad() 없이 backward()가 다시 "
                       "실행되었습니다.\n"
                       "  loss.backward()는 .grad를 바꾸지 않고 더합니다: backward 전마다 optimizer.zero_grad()를 "
                       "부르지 않으면 매 단계가 이전 기울기를 모두 다시 반영해 멈추지 않는 모멘텀처럼 됩니다. "
                       "에포크(또는 배치)마다 처음에 optimizer.zero_grad()를 부르세요.\n"
                       f"  다시 볼 개념: {IDEA_FIT.ko}", mistake="no_zero_grad")


@check("fit_uses_epochs_and_lr", points=1, timeout=20)
def test_fit_hyperparameters(sub):
    Xtr, ytr, _, _ = _split()
    X, y = Xtr[:100], ytr[:100]
    short = _fit(sub, X, y, epochs=1, seed=0).module.state
    long = _fit(sub, X, y, epochs=20, seed=0).module.state
    if _same_state(short, long):
        raise fail(f"fit(X, y, epochs=1, seed=0) and fit(X, y, epochs=20, seed=0), with X, y the first 100 of "
                   f"{DATA.en}, gave the same model: the `epochs` argument was ignored.\n"
                   f"  Loop `for _ in range(epochs)`.\n  Revisit: {IDEA_FIT.en}",
                   f"{DATA.ko} 중 처음 100행으로 fit(X, y, epochs=1, seed=0)과 fit(X, y, epochs=20, seed=0)이 같은 모델을 "
                   "주었습니다: `epochs` 인자가 무시되었습니다.\n"
                   f"  `for _ in range(epochs)`로 반복하세요.\n  다시 볼 개념: {IDEA_FIT.ko}", mistake="epochs_ignored")
    still = _fit(sub, X, y, epochs=5, lr=0.0, seed=0).module.state
    moving = _fit(sub, X, y, epochs=5, lr=0.5, seed=0).module.state
    if _same_state(still, moving):
        raise fail(f"fit(X, y, epochs=5, lr=0.0, seed=0) and fit(X, y, epochs=5, lr=0.5, seed=0), with X, y the "
                   f"first 100 of {DATA.en}, gave the same model: the `lr` argument was ignored.\n"
                   f"  Pass it on: torch.optim.SGD(model.parameters(), lr=lr).\n  Revisit: {IDEA_FIT.en}",
                   f"{DATA.ko} 중 처음 100행으로 fit(X, y, epochs=5, lr=0.0, seed=0)과 fit(X, y, epochs=5, lr=0.5, seed=0)이 "
                   "같은 모델을 주었습니다: `lr` 인자가 무시되었습니다.\n"
                   f"  그대로 넘기세요: torch.optim.SGD(model.parameters(), lr=lr).\n  다시 볼 개념: {IDEA_FIT.ko}",
                   mistake="lr_ignored")


def _weight_bias(state, n):
    """(w (n,), b ()) in float64 from a model's state, or None when they cannot be told apart."""
    params = _floats(state)
    weights = [v for v in params.values() if v.numel() == n]
    biases = [v for v in params.values() if v.numel() == 1]
    if len(params) != 2 or len(weights) != 1 or len(biases) != 1:
        return None
    return weights[0].detach().cpu().double().reshape(-1), biases[0].detach().cpu().double().reshape(())


def _replay(w, b, X, y, epochs, lr, loss):
    """Full-batch SGD from (w, b) on the given loss of sigmoid(X @ w + b), in float64."""
    w, b = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    X, y = X.double(), y.double().reshape(-1)
    for _ in range(epochs):
        z = X @ w + b
        if loss == "bce":
            value = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        elif loss == "mse":
            value = torch.nn.functional.mse_loss(torch.sigmoid(z), y)
        elif loss == "double_sigmoid":
            value = torch.nn.functional.binary_cross_entropy_with_logits(torch.sigmoid(z), y)
        else:  # "sum"
            value = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum")
        gw, gb = torch.autograd.grad(value, (w, b))
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
    return w.detach(), b.detach()


@check("fit_follows_bce", points=2, timeout=20)
def test_fit_follows_bce(sub):
    Xtr, ytr, _, _ = _split()
    X, y = Xtr[:100], ytr[:100]
    n, epochs, lr = X.shape[1], 20, 0.5
    start = _weight_bias(_fit(sub, X, y, epochs=0, seed=0).module.state, n)
    trained = _weight_bias(_fit(sub, X, y, epochs=epochs, lr=lr, seed=0).module.state, n)
    if start is None or trained is None:
        return   # no single weight vector and bias to read: parameter_count names that
    call = (f"fit(X, y, epochs={epochs}, lr={lr}, seed=0) with X, y the first 100 of {DATA.en}, compared with "
            f"{epochs} full-batch SGD steps on the BCE from the model fit(X, y, epochs=0, seed=0) returns")

    def close(a, b):
        return all(torch.allclose(u, v, rtol=1e-3, atol=1e-4) for u, v in zip(a, b))

    expected = _replay(*start, X, y, epochs, lr, "bce")
    if close(trained, expected):
        return

    def trained_on(kind):
        return lambda t: close(t, _replay(*start, X, y, epochs, lr, kind))

    def summed(t):   # many saturating steps: compare the first step alone, N times the expected one
        one = _weight_bias(_fit(sub, X, y, epochs=1, lr=lr, seed=0).module.state, n)
        step = [e - s0 for e, s0 in zip(_replay(*start, X, y, 1, lr, "bce"), start)]
        return one is not None and close([o - s0 for o, s0 in zip(one, start)], [X.shape[0] * d for d in step])

    mistakes = [
        Mistake("fit_sigmoid_twice", trained_on("double_sigmoid"), Text(
            "This is training with the sigmoid applied twice: BCEWithLogitsLoss (binary_cross_entropy_with_logits) "
            "got the probabilities model(X), and applies its own sigmoid on top. Either give it the logits "
            "(self.linear(X)) or use BCELoss / F.binary_cross_entropy on the probabilities.",
            "시그모이드를 두 번 적용한 학습입니다: BCEWithLogitsLoss(binary_cross_entropy_with_logits)가 확률 "
            "model(X)를 받아 그 위에 자기 시그모이드를 또 적용합니다. 로짓(self.linear(X))을 넘기거나, 확률에는 "
            "BCELoss / F.binary_cross_entropy를 쓰세요.")),
        Mistake("fit_mse_loss", trained_on("mse"), Text(
            "This is training on the mean squared error of the probabilities, not the BCE: with a sigmoid output "
            "its gradient fades where the model is confidently wrong. Use nn.BCELoss() / F.binary_cross_entropy.",
            "BCE가 아니라 확률의 평균 제곱 오차로 학습한 결과입니다: 시그모이드 출력에서는 모델이 확신을 가지고 "
            "틀린 곳에서 기울기가 사라집니다. nn.BCELoss() / F.binary_cross_entropy를 쓰세요.")),
        Mistake("fit_bce_sum", summed, Text(
            "This is training on the summed BCE (reduction='sum'): every step is N times larger than with the "
            "mean the loss should be. Keep the default reduction='mean'.",
            "BCE의 합(reduction='sum')으로 학습한 결과입니다: 모든 걸음이 평균일 때보다 N배 큽니다. 기본값 "
            "reduction='mean'을 쓰세요.")),
    ]
    why = Text("The trained weights differ from the judge's full-batch BCE run from the same starting model. "
               "Check the loss (the mean BCE of model(X) against y.reshape(-1, 1)) and one step per epoch.",
               "학습된 가중치가 같은 시작 모델에서 판정기가 돌린 전체 배치 BCE 학습과 다릅니다. 손실(y.reshape(-1, 1)에 "
               "대한 model(X)의 평균 BCE)과 에포크마다 걸음 한 번인지 확인하세요.")
    m = first_mistake(trained, mistakes)
    raise report(call + ": the bias", round(expected[1].item(), 6), round(trained[1].item(), 6),
                 m.why if m is not None else why, IDEA_FIT, m.id if m is not None else None)
