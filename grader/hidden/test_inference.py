"""Hidden checks for inference. The model travels as a `sequential` recipe; the judge builds the same model from
the same state and runs it in eval mode under no_grad to get the expected answers."""

import torch

from grader.checks import check, fail
from grader.codec import Build, ModuleState
from grader.compare import expect_tensor, report, show
from grader.i18n import Text, i_ga
from grader.proxy import describe_call, problem_for
from grader.sandbox import builders
from grader.sandbox import judge as J

SEED = 20261122
LAYERS = [["linear", 4, 8], ["batchnorm1d", 8], ["relu"], ["dropout", 0.5], ["linear", 8, 3]]
MODEL_TEXT = ("model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5), "
              "nn.Linear(8, 3))")
KNOWN_MISTAKES = {
    "no_eval": "model.eval() not called: the forward ran in training mode",
    "argmax_dim0": "argmax over dim 0: the best sample for each class",
    "argmax_no_dim": "argmax() without dim: one index into the flattened logits",
    "squeezed_single": "the batch dimension squeezed away for one sample",
    "float_classes": "the right classes as floats instead of int64",
    "proba_logits": "predict_proba returned the logits",
    "log_softmax_proba": "predict_proba returned log-probabilities",
    "softmax_sum_all": "exp(logits) divided by the sum over the whole tensor",
    "softmax_dim0": "softmax over dim 0 (the samples)",
    "no_no_grad": "the forward ran with gradient tracking on: no torch.no_grad()",
    "grad_disabled_globally": "torch.set_grad_enabled(False) left off after returning",
    "detach_instead": "the graph built and then cut with .detach() instead of no_grad",
    "parameters_changed": "a parameter changed by inference",
    "was_training_after_eval": "was_training read after model.eval(): the restore passes False",
    "eval_not_restored": "model.eval() called and the training mode never restored",
    "always_train_after": "model.train() at the end whatever mode the model came in",
}

IDEA_EVAL = Text("inference reads the mode the model came in, switches to eval mode, predicts without "
                 "building a graph, and leaves the model in the mode it came in.",
                 "추론은 모델이 들어온 모드를 읽어 두고, eval 모드로 바꾸고, 그래프 없이 예측한 뒤, 모델을 들어온 "
                 "모드로 돌려놓습니다.")
IDEA_ARGMAX = Text("logits are (N, C): the class of each sample is the index of its largest logit along the "
                   "class dimension, int64 of shape (N,).",
                   "로짓은 (N, C)입니다: 각 샘플의 클래스는 클래스 차원을 따라 가장 큰 로짓의 인덱스이고, int64, "
                   "모양 (N,)입니다.")
IDEA_SOFTMAX = Text("probabilities are the softmax of the logits over the classes: every row (one sample) "
                    "sums to 1.",
                    "확률은 클래스에 대한 로짓의 softmax입니다: 각 행(샘플 하나)의 합이 1입니다.")
IDEA_NO_GRAD = Text("predictions are never differentiated: compute them inside `with torch.no_grad():` "
                    "(or torch.inference_mode()), so no graph is built.",
                    "예측은 미분하지 않습니다: `with torch.no_grad():`(또는 torch.inference_mode()) 안에서 계산해서 "
                    "그래프를 만들지 마세요.")


def _gen(offset=0):
    return torch.Generator().manual_seed(SEED + offset)


def _state():
    """Weights and BatchNorm running statistics far from their defaults, so train and eval mode differ."""
    g = _gen()
    model = builders.sequential({"layers": LAYERS})
    state = {}
    for name, value in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            state[name] = torch.tensor(25, dtype=torch.int64)
        elif name.endswith("running_var"):
            state[name] = 0.5 + 2 * torch.rand(value.shape, generator=g)
        elif name.endswith("running_mean"):
            state[name] = torch.randn(value.shape, generator=g)
        else:
            state[name] = torch.randn(value.shape, generator=g)
    return state


def _recipe(training, device):
    spec = {"layers": LAYERS, "state": _state(), "training": training}
    if device != "cpu":
        spec["device"] = device
    return Build("sequential", spec)


def _inputs(n, device, offset=1):
    return (2 * torch.randn(n, 4, generator=_gen(offset))).to(device)


def _eval_logits(X):
    model = builders.sequential({"layers": LAYERS, "state": _state(), "training": False}).to(X.device)
    with torch.no_grad():
        return model(X)


def _mode(training):
    return "training" if training else "eval"


def _call(sub, fn, training, X, what):
    """The learner's fn(model, X) with the model in the given mode; returns the raw reply."""
    r = sub.reply(fn, _recipe(training, X.device.type), X, _return_args=True)
    call = f"{fn}(model, X) with {MODEL_TEXT} in {_mode(training)} mode, X = {what}"
    if r.status == J.RAISED and "more than 1 value per channel" in (r.message or ""):
        raise report(call, "no error", f"raises {r.type}: {r.message}", Text(
            "BatchNorm refused a batch of one sample: it was still in training mode, where it needs the batch's "
            "own statistics. In eval mode it uses its running statistics and any batch size works. "
            "Call model.eval() before the forward.",
            "BatchNorm이 샘플 하나짜리 배치를 거부했습니다: 아직 학습 모드라서 배치 자체의 통계가 필요했습니다. "
            "eval 모드에서는 running 통계를 쓰므로 어떤 배치 크기도 됩니다. forward 전에 model.eval()을 "
            "호출하세요."), IDEA_EVAL, mistake="no_eval")
    if r.status != J.OK:
        raise problem_for(r, describe_call(fn, ("model", X), {}))
    return r, call


def _ran_in_eval(r):
    return any(e.endswith("Module.eval") for e in r.events)


# ------------------------------------------------------------------ predict
def _expect_classes(got, logits, r, call):
    expected = logits.argmax(dim=1)
    if isinstance(got, torch.Tensor):
        if got.dim() == 1 and got.shape[0] == logits.shape[1] and logits.shape[0] != logits.shape[1]:
            raise report(call, expected, got, Text(
                f"{got.shape[0]} values came back for {logits.shape[0]} samples: that is argmax over dim 0, "
                "the best sample for each class. The classes are dim 1 of the (N, C) logits.",
                f"샘플 {logits.shape[0]}개에 대해 값 {got.shape[0]}개가 왔습니다: dim 0 방향 argmax, 즉 클래스마다 "
                "가장 좋은 샘플입니다. 클래스는 (N, C) 로짓의 dim 1입니다."), IDEA_ARGMAX, mistake="argmax_dim0")
        if got.dim() == 0 and expected.shape[0] > 1:
            raise report(call, expected, got, Text(
                f"One number came back for {expected.shape[0]} samples: argmax() without dim flattens the whole "
                f"({logits.shape[0]}, {logits.shape[1]}) tensor and returns the position of its single largest "
                "logit. Give argmax the class dimension.",
                f"샘플 {expected.shape[0]}개에 대해 숫자 하나가 왔습니다: dim 없는 argmax()는 "
                f"({logits.shape[0]}, {logits.shape[1]}) 텐서 전체를 펴서 가장 큰 로짓 하나의 위치를 돌려줍니다. "
                "argmax에 클래스 차원을 주세요."), IDEA_ARGMAX, mistake="argmax_no_dim")
        if got.dim() == 0 and expected.shape == (1,):
            raise report(call, expected, got, Text(
                "A 0-dim tensor came back for one sample: .squeeze() or .item() (or argmax() without dim=1) "
                "removed the batch dimension. Return shape (N,), here (1,).",
                "샘플 하나에 대해 0차원 텐서가 왔습니다: .squeeze()나 .item()(또는 dim=1 없는 argmax())이 배치 "
                "차원을 없앴습니다. 모양 (N,), 여기서는 (1,)을 반환하세요."), IDEA_ARGMAX, mistake="squeezed_single")
        if got.is_floating_point() and got.shape == expected.shape:
            if torch.equal(got.detach().cpu().round(), expected.cpu().to(got.dtype)):
                raise report(call, expected, got, Text(
                    f"The right classes, but as {str(got.dtype).replace('torch.', '')}: class indices are int64, "
                    "as argmax returns them (indexing and cross-entropy targets need int64). Do not convert them.",
                    f"클래스는 맞지만 {str(got.dtype).replace('torch.', '')}입니다: 클래스 인덱스는 argmax가 돌려주는 "
                    "그대로 int64입니다(인덱싱과 cross-entropy 정답에 int64가 필요합니다). 바꾸지 마세요."),
                    IDEA_ARGMAX, mistake="float_classes")
        if got.shape == expected.shape and got.dtype == expected.dtype \
                and not torch.equal(got.cpu(), expected.cpu()) and not _ran_in_eval(r):
            raise report(call, expected, got, Text(
                "The classes differ from the model's eval-mode output, and model.eval() was never called: in "
                "training mode dropout zeroes random units and BatchNorm uses the batch's statistics.",
                "클래스가 모델의 eval 모드 출력과 다르고, model.eval()을 한 번도 호출하지 않았습니다: 학습 모드에서는 "
                "dropout이 무작위 유닛을 0으로 만들고 BatchNorm이 배치의 통계를 씁니다."), IDEA_EVAL, mistake="no_eval")
    expect_tensor(got, expected, call=call, idea=IDEA_ARGMAX)


@check("predict_classes", points=2, cuda=True)
def test_predict(sub, device):
    X = _inputs(6, device)
    r, call = _call(sub, "predict", True, X, f"2 * torch.randn(6, 4) (seed {SEED + 1}) on {device}")
    _expect_classes(r.value, _eval_logits(X), r, call)


@check("predict_single_sample", points=1)
def test_predict_single(sub):
    X = _inputs(1, "cpu", offset=2)
    r, call = _call(sub, "predict", True, X, show(X))
    _expect_classes(r.value, _eval_logits(X), r, call)


# ------------------------------------------------------------------ predict_proba
def _expect_probabilities(got, logits, r, call):
    expected = torch.softmax(logits, dim=1)
    if isinstance(got, torch.Tensor) and got.shape == logits.shape and got.is_floating_point():
        g = got.detach().cpu().double()
        if torch.allclose(g, logits.cpu().double(), rtol=1e-4, atol=1e-5):
            raise report(call, expected, got, Text(
                "These are the logits themselves: probabilities are their softmax along dim=1 (each row sums "
                "to 1, every value in [0, 1]).",
                "이것은 로짓 그대로입니다: 확률은 dim=1 방향의 소프트맥스입니다(각 행의 합이 1, 모든 값이 [0, 1])."),
                IDEA_SOFTMAX, mistake="proba_logits")
        if torch.allclose(g, torch.log_softmax(logits, dim=1).cpu().double(), rtol=1e-4, atol=1e-5):
            raise report(call, expected, got, Text(
                "These are log-probabilities (log_softmax): every value is <= 0 and the rows do not sum to 1. "
                "log_softmax is what NLLLoss takes; the probabilities are its exponential, the softmax.",
                "로그 확률(log_softmax)입니다: 모든 값이 0 이하이고 행의 합이 1이 아닙니다. log_softmax는 NLLLoss가 "
                "받는 것이고, 확률은 그 지수, 즉 softmax입니다."), IDEA_SOFTMAX, mistake="log_softmax_proba")
        flat = logits.double().exp() / logits.double().exp().sum()
        if torch.allclose(g, flat.cpu(), rtol=1e-4, atol=1e-7):
            raise report(call, expected, got, Text(
                "The whole tensor sums to 1 instead of each row: exp(logits) was divided by the sum over every "
                "element, all samples together. Sum along the classes (dim 1), one sum per sample.",
                "각 행이 아니라 텐서 전체의 합이 1입니다: exp(logits)를 모든 원소, 즉 모든 샘플을 합친 값으로 "
                "나눴습니다. 클래스 방향(dim 1)으로, 샘플마다 하나씩 합하세요."), IDEA_SOFTMAX, mistake="softmax_sum_all")
        if torch.allclose(g, torch.softmax(logits, dim=0).cpu().double(), rtol=1e-4, atol=1e-6):
            raise report(call, expected, got, Text(
                "Each column sums to 1 instead of each row: the softmax ran over dim 0 (the samples). "
                "The classes are dim 1.",
                "각 행이 아니라 각 열의 합이 1입니다: 소프트맥스를 dim 0(샘플) 방향으로 계산했습니다. 클래스는 "
                "dim 1입니다."), IDEA_SOFTMAX, mistake="softmax_dim0")
        if not torch.allclose(g, expected.cpu().double(), rtol=1e-4, atol=1e-6) and not _ran_in_eval(r):
            raise report(call, expected, got, Text(
                "The probabilities differ from the model's eval-mode output, and model.eval() was never called: "
                "in training mode dropout zeroes random units and BatchNorm uses the batch's statistics.",
                "확률이 모델의 eval 모드 출력과 다르고, model.eval()을 한 번도 호출하지 않았습니다: 학습 모드에서는 "
                "dropout이 무작위 유닛을 0으로 만들고 BatchNorm이 배치의 통계를 씁니다."), IDEA_EVAL, mistake="no_eval")
    expect_tensor(got, expected, call=call, idea=IDEA_SOFTMAX, rtol=1e-5, atol=1e-6, requires_grad=False)


@check("predict_proba_values", points=2, cuda=True)
def test_predict_proba(sub, device):
    X = _inputs(5, device, offset=3)
    r, call = _call(sub, "predict_proba", True, X, f"2 * torch.randn(5, 4) (seed {SEED + 3}) on {device}")
    _expect_probabilities(r.value, _eval_logits(X), r, call)


# ------------------------------------------------------------------ no graph
@check("no_graph", points=1, cuda=True)
def test_no_graph(sub, device):
    X = _inputs(4, device, offset=4)
    what = f"2 * torch.randn(4, 4) (seed {SEED + 4}) on {device}"
    for fn in ("predict_proba", "predict"):
        r, call = _call(sub, fn, False, X, what)
        got = r.value
        if isinstance(got, torch.Tensor) and got.requires_grad:
            raise report(call, "a result with requires_grad=False", got, Text(
                "The result still carries an autograd graph (requires_grad=True): the forward ran with "
                "gradient tracking on.",
                "결과가 아직 autograd 그래프를 달고 있습니다(requires_grad=True): 기울기 추적을 켠 채로 forward를 "
                "실행했습니다."), IDEA_NO_GRAD, mistake="no_no_grad")
        if "torch.grad_left_off" in r.events:
            raise report(call, "gradient tracking switched off only inside the function", got, Text(
                "Your function switched gradient tracking off for the whole program (a bare "
                "torch.set_grad_enabled(False)) and returned with it still off: the caller's next training step "
                "would silently learn nothing. Use `with torch.no_grad():`, which switches it back on the way out.",
                "함수가 프로그램 전체의 기울기 추적을 끄고(torch.set_grad_enabled(False)만 호출) 꺼진 채로 "
                "돌아왔습니다: 호출한 쪽의 다음 학습 단계는 아무것도 배우지 못합니다. 나올 때 다시 켜 주는 "
                "`with torch.no_grad():`를 쓰세요."), IDEA_NO_GRAD, mistake="grad_disabled_globally")
        if not any(e.endswith(("no_grad", "inference_mode", "grad_off")) for e in r.events):
            detached = any(name.rsplit(".", 1)[-1] == "detach" for name in r.calls)
            if detached:
                mistake = "detach_instead"
            else:
                mistake = "no_no_grad"
            raise report(call, "the forward inside torch.no_grad() or torch.inference_mode()", got, Text(
                ("The graph was built and then cut off with .detach(): the forward still recorded every "
                 "operation for a backward that never comes. " if detached else
                 "torch.no_grad() / torch.inference_mode() was never entered, so the forward built a graph. ") +
                "Run the model inside `with torch.no_grad():`.",
                ("그래프를 만든 다음 .detach()로 잘라냈습니다: forward는 오지 않을 backward를 위해 여전히 모든 "
                 "연산을 기록했습니다. " if detached else
                 "torch.no_grad() / torch.inference_mode()에 한 번도 들어가지 않아서 forward가 그래프를 만들었습니다. ") +
                "모델을 `with torch.no_grad():` 안에서 실행하세요."), IDEA_NO_GRAD, mistake)


# ------------------------------------------------------------------ the model afterwards
def _after(r, call):
    after = r.args_after[0] if r.args_after else None
    if type(after) is not ModuleState:
        raise fail(f"{call}: the model could not be read back after the call.",
                   f"{call}: 호출 뒤에 모델을 다시 읽을 수 없습니다.")
    return after


def _expect_untouched(r, call, training):
    """The model after the call: same mode in every submodule, same parameters and buffers."""
    after = _after(r, call)
    before = _state()
    changed = [k for k in before if k not in after.state
               or not torch.equal(after.state[k].detach().cpu(), before[k])]
    stats = [k for k in changed if "running_" in k or "num_batches" in k]
    if stats:
        raise fail(f"{call}, then looking at the model: BatchNorm's {', '.join(stats)} changed.\n"
                   "  The forward ran in training mode, where BatchNorm normalises with the batch's statistics and "
                   "folds them into its running statistics. Inference must leave them alone: call model.eval() "
                   "before the forward.\n"
                   f"  Revisit: {IDEA_EVAL.en}",
                   f"{call} 뒤에 모델을 보니 BatchNorm의 {', '.join(stats)}{i_ga(', '.join(stats))} 바뀌었습니다.\n"
                   "  forward가 학습 모드에서 실행되었습니다. 학습 모드의 BatchNorm은 배치의 통계로 정규화하고 그것을 "
                   "running 통계에 섞어 넣습니다. 추론은 이것을 건드리면 안 됩니다: forward 전에 model.eval()을 "
                   "호출하세요.\n"
                   f"  다시 볼 개념: {IDEA_EVAL.ko}", mistake="no_eval")
    if changed:
        raise fail(f"{call}, then looking at the model: {', '.join(changed)} changed.\n"
                   "  Inference never changes a parameter: no optimizer step, no in-place edits of the weights.\n"
                   f"  Revisit: {IDEA_EVAL.en}",
                   f"{call} 뒤에 모델을 보니 {', '.join(changed)}{i_ga(', '.join(changed))} 바뀌었습니다.\n"
                   "  추론은 파라미터를 절대 바꾸지 않습니다: 옵티마이저 step도, 가중치의 제자리 수정도 없습니다.\n"
                   f"  다시 볼 개념: {IDEA_EVAL.ko}", mistake="parameters_changed")
    wrong = sorted(name for name, mode in after.modes.items() if name and mode != training)
    where = Text("the model and " + (f"its submodules {', '.join(wrong)}" if wrong else "none of its submodules"),
                 "모델과 " + (f"하위 모듈 {', '.join(wrong)}" if wrong else "하위 모듈 없음"))
    if after.training == training:
        where = Text(f"the submodules {', '.join(wrong)}", f"하위 모듈 {', '.join(wrong)}")
    if after.training != training or wrong:
        now = _mode(not training)
        switches = sum(1 for e in r.events if e.endswith("Module.train"))
        if training and not after.training and switches >= 2 * len(after.modes):
            mistake = "was_training_after_eval"
            why = Text("It came in training mode and went back in eval mode, although the mode was set a second "
                       "time at the end: that restore passed False. Was was_training read after model.eval()? By "
                       "then model.training is already False. Read the mode first, then switch to eval, and finish "
                       "by restoring the mode you read.",
                       "학습 모드로 들어와서 eval 모드로 돌아갔습니다. 마지막에 모드를 한 번 더 설정했지만 그 복원이 "
                       "False를 넘겼습니다. model.eval() 뒤에 was_training을 읽었나요? 그때는 model.training이 이미 "
                       "False입니다. 먼저 모드를 읽고, 그다음 eval로 바꾸고, 마지막에 읽어 둔 모드로 되돌리세요.")
        elif training:
            mistake = "eval_not_restored"
            why = Text("It came in training mode and went back in eval mode: model.eval() was called but the mode "
                       "was never restored. The caller's next training step would run without dropout and with "
                       "frozen BatchNorm statistics. Finish by restoring the mode it came in.",
                       "학습 모드로 들어와서 eval 모드로 돌아갔습니다: model.eval()을 호출하고 모드를 되돌리지 "
                       "않았습니다. 호출한 쪽의 다음 학습 단계가 dropout 없이, 고정된 BatchNorm 통계로 실행됩니다. "
                       "마지막에 들어온 모드로 되돌리세요.")
        else:
            mistake = "always_train_after"
            why = Text("It came in eval mode and went back in training mode: model.train() at the end switched it on "
                       "unconditionally. Remember the mode it came in first and restore exactly that.",
                       "eval 모드로 들어와서 학습 모드로 돌아갔습니다: 마지막의 model.train()이 무조건 학습 모드로 "
                       "바꿨습니다. 먼저 들어온 모드를 기억해 두고 정확히 그 모드로 되돌리세요.")
        raise fail(f"{call}, then looking at the model: {where.en} in {now} mode, "
                   f"expected {_mode(training)} mode.\n  {why.en}\n  Revisit: {IDEA_EVAL.en}",
                   f"{call} 뒤에 모델을 보니 {where.ko}{i_ga(where.ko)} {'학습' if not training else 'eval'} 모드입니다. "
                   f"기대한 모드: {'학습' if training else 'eval'}.\n  {why.ko}\n  다시 볼 개념: {IDEA_EVAL.ko}",
                   mistake)


@check("restores_training_mode", points=2, cuda=True)
def test_restores_training(sub, device):
    X = _inputs(6, device, offset=5)
    what = f"2 * torch.randn(6, 4) (seed {SEED + 5}) on {device}"
    for fn in ("predict", "predict_proba"):
        r, call = _call(sub, fn, True, X, what)
        _expect_untouched(r, call, training=True)
        if fn == "predict":    # the point is for a right answer that leaves the model alone, not for doing nothing
            _expect_classes(r.value, _eval_logits(X), r, call)


@check("keeps_eval_mode", points=1, cuda=True)
def test_keeps_eval(sub, device):
    X = _inputs(6, device, offset=6)
    what = f"2 * torch.randn(6, 4) (seed {SEED + 6}) on {device}"
    for fn in ("predict", "predict_proba"):
        r, call = _call(sub, fn, False, X, what)
        _expect_untouched(r, call, training=False)
        if fn == "predict":    # the point is for a right answer that leaves the model alone, not for doing nothing
            _expect_classes(r.value, _eval_logits(X), r, call)
