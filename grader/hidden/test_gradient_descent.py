"""Hidden checks for gradient_descent.

Expected values come from the judge's own run: autograd on F.mse_loss for every
step, and the same torch.randperm order (same seed) for the SGD epoch. Known
mistakes are replayed by small hand-written variants to name them.
"""

import torch
import torch.nn.functional as F

from grader.checks import check
from grader.codec import Build
from grader.compare import Mistake, expect_number, expect_tensor, expect_unchanged, first_mistake, name_mistake, report
from grader.datasets import load_diabetes
from grader.i18n import Text, eul_reul, eun_neun, i_ga
from grader.proxy import problem_for
from grader.sandbox import judge as J

SEED = 20261122
RTOL, ATOL = 1e-4, 1e-4
KNOWN_MISTAKES = {
    "divides_by_rows": "the gradient divided by the N rows instead of all n = N·p elements",
    "missing_factor_2": "the factor 2 of the derivative of R² missing",
    "sum_not_mean": "the gradient of the summed squared errors: no 1/n",
    "sum_without_factor_2": "neither the 2 nor the 1/n",
    "gradient_ascent": "the gradient added instead of subtracted",
    "returns_gradient": "the gradient returned instead of the updated parameter",
    "no_learning_rate": "W - grad: the learning rate missing",
    "lr_applied_twice": "the learning rate applied twice",
    "transposed_gradient": "the gradient as R.T @ X, broadcast against W",
    "w_not_updated": "W returned unchanged",
    "bias_sum_all": "the bias gradient as R.sum() over all outputs",
    "bias_not_updated": "b returned unchanged",
    "y_vector_broadcast": "y of shape (N,) against predictions (N, 1): broadcast to (N, N)",
    "in_place": "the caller's W, b, X or y modified in place",
    "no_shuffle": "the epoch in the original order: no shuffle",
    "reshuffle_per_batch": "a new permutation for every batch",
    "steps_not_chained": "every batch started again from the W, b the epoch was given",
    "shuffles_x_only": "X shuffled and y left in order",
    "full_data_each_step": "every step on the whole data set instead of the batch",
    "drops_last_batch": "the last partial batch dropped",
    "divides_by_batch_size": "the last batch's mean divided by batch_size instead of its length",
    "randperm_not_called": "the order not drawn with torch.randperm",
    "randperm_called_repeatedly": "torch.randperm called more than once per epoch",
    "counts_samples": "n_updates counts samples instead of batches",
}

IDEA_GRAD = Text("with R = X @ W + b - y and n = R.numel(): dL/dW = (2/n) X.T @ R, dL/db = (2/n) R.sum(0); "
                 "then W - lr * dL/dW, b - lr * dL/db.",
                 "R = X @ W + b - y, n = R.numel()일 때: dL/dW = (2/n) X.T @ R, dL/db = (2/n) R.sum(0); "
                 "그다음 W - lr * dL/dW, b - lr * dL/db.")
IDEA_EPOCH = Text("one torch.randperm(N, generator=generator) at the start of the epoch; batches perm[k*B:(k+1)*B], "
                  "the last smaller one kept; one gd_step per batch, each from the previous result.",
                  "에폭 시작에 torch.randperm(N, generator=generator) 한 번; 배치는 perm[k*B:(k+1)*B]이고 마지막의 "
                  "작은 배치도 남깁니다; 배치마다 앞 결과에서 시작하는 gd_step 한 번.")
IDEA_COPY = Text("compute new tensors (W - lr * grad); W -= ... or W.sub_(...) changes the caller's tensor.",
                 "새 텐서를 계산하세요(W - lr * grad). W -= ...나 W.sub_(...)는 호출한 쪽의 텐서를 바꿉니다.")


def _gen(offset=0):
    return torch.Generator().manual_seed(SEED + offset)


# ------------------------------------------------------------------ the judge's references
def _ref_step(W, b, X, y, lr):
    """One GD step on the MSE by autograd, in float64, returned in W's dtype and device."""
    W64 = W.detach().double().requires_grad_(True)
    b64 = b.detach().double().requires_grad_(True)
    y_hat = X.detach().double() @ W64 + b64
    loss = F.mse_loss(y_hat, y.detach().double().reshape(y_hat.shape))
    gW, gb = torch.autograd.grad(loss, (W64, b64))
    return (W64 - lr * gW).detach().to(W.dtype), (b64 - lr * gb).detach().to(b.dtype)


def _ref_epoch(W, b, X, y, lr, batch_size, seed):
    perm = torch.randperm(X.shape[0], generator=torch.Generator().manual_seed(seed)).to(X.device)
    n = 0
    for start in range(0, X.shape[0], batch_size):
        idx = perm[start:start + batch_size]
        W, b = _ref_step(W, b, X[idx], y[idx], lr)
        n += 1
    return W, b, n


def _grads(W, b, X, y, denom=None):
    """Hand-written MSE gradients in float64 on the CPU (for replaying mistakes)."""
    W, b, X = W.detach().cpu().double(), b.detach().cpu().double(), X.detach().cpu().double()
    y_hat = X @ W + b
    R = y_hat - y.detach().cpu().double().reshape(y_hat.shape)
    n = R.numel() if denom is None else denom
    return W, b, (2.0 / n) * (X.T @ R), (2.0 / n) * R.sum(0), R


def _broadcastable(a, b):
    try:
        torch.broadcast_shapes(a.shape, b.shape)
        return True
    except RuntimeError:
        return False


def _step64(W, b, X, y, lr, denom=None):
    W, b, gW, gb, _ = _grads(W, b, X, y, denom)
    return W - lr * gW, b - lr * gb


def _close(got, value):
    if not isinstance(got, torch.Tensor) or not got.is_floating_point() or tuple(got.shape) != tuple(value.shape):
        return False
    g, v = got.detach().cpu().double(), value.detach().cpu().double()
    return bool(torch.allclose(g, v, rtol=RTOL, atol=ATOL))


def _run(sub, fn, call, *args, **kwargs):
    """sub.fn(*args) whose errors name the call as the check describes it (not the raw tensors)."""
    r = sub.reply(fn, *args, **kwargs)
    if r.status != J.OK:
        raise problem_for(r, call)
    return r


def _pair(got, size, call, expected, names):
    if not isinstance(got, (tuple, list)) or len(got) != size:
        raise report(call, expected, got, Text(
            f"Expected a tuple of {size} ({', '.join(names)}), got {type(got).__name__}"
            + (f" of length {len(got)}." if isinstance(got, (tuple, list)) else "."),
            f"({', '.join(names)}) {size}개짜리 튜플이 와야 하는데 {_shown_type(got)}{i_ga(_shown_type(got))} "
            "왔습니다."), IDEA_GRAD)
    return got


# ------------------------------------------------------------------ gd_step
def _diagnose_step(gW, gb_, W, b, X, y, lr, call):
    """Name the mistake when the returned W or b equals a known wrong step."""
    eW, eb = _ref_step(W, b, X, y, lr)
    W64, b64, dW, db, R = _grads(W, b, X, y)
    n, rows = R.numel(), R.shape[0]

    def gives(value, exp):
        """A detector: the parameter that came back is ``value``, which differs from ``exp``."""
        return lambda got: _close(got, value) and not _close(value, exp)

    w_cands = [
        Mistake("missing_factor_2", gives(W64 - lr * dW / 2, eW), Text(
            "This is half the expected step: the derivative of R² is 2R, and the factor 2 "
            "is missing.",
            "기대한 걸음의 절반입니다: R²의 도함수는 2R이고, 2배가 빠졌습니다.")),
        Mistake("sum_not_mean", gives(W64 - lr * dW * n, eW), Text(
            f"This step is n = {n} times too large: the gradient of the mean has a 1/n "
            "(this is the gradient of the sum).",
            f"걸음이 n = {n}배 큽니다: 평균의 기울기에는 1/n이 있습니다(이것은 합의 기울기입니다).")),
        Mistake("sum_without_factor_2", gives(W64 - lr * dW * n / 2, eW), Text(
            "Both the 2 and the 1/n are missing: dL/dW = (2/n) X.T @ R.",
            "2와 1/n이 모두 빠졌습니다: dL/dW = (2/n) X.T @ R.")),
        Mistake("gradient_ascent", gives(W64 + lr * dW, eW), Text(
            "W moved uphill: this is gradient ascent (W + lr * grad, or R = y - ŷ instead of "
            "ŷ - y). Subtract the gradient of the loss.",
            "W가 오르막으로 움직였습니다: 경사 상승입니다(W + lr * grad, 또는 R = ŷ - y 대신 "
            "y - ŷ). 손실의 기울기를 빼세요.")),
        Mistake("returns_gradient", gives(dW, eW), Text(
            "This is the gradient itself: return the updated weights W - lr * grad.",
            "기울기 자체입니다: 업데이트된 가중치 W - lr * grad를 돌려주세요.")),
        Mistake("no_learning_rate", gives(W64 - dW, eW), Text(
            "The learning rate is missing: W - lr * grad.", "학습률이 빠졌습니다: W - lr * grad.")),
        Mistake("lr_applied_twice", gives(W64 - lr * lr * dW, eW), Text(
            f"The step is lr = {lr} times too small: the learning rate was applied twice "
            "(once in the gradient, once in the update). The gradient is (2/n) X.T @ R "
            "without lr; the update is W - lr * grad.",
            f"걸음이 lr = {lr}배 작습니다: 학습률을 두 번 곱했습니다(기울기에서 한 번, "
            "업데이트에서 한 번). 기울기는 lr 없이 (2/n) X.T @ R이고, 업데이트는 "
            "W - lr * grad입니다.")),
        *([Mistake("transposed_gradient", gives(W64 - lr * dW.T, eW), Text(
            f"The gradient was computed as R.T @ X, of shape {tuple(dW.T.shape)}: the transpose of dL/dW, and W "
            f"{tuple(W64.shape)} minus it broadcast to {tuple((W64 - dW.T).shape)}. The gradient has W's shape "
            "(d, p): X.T @ R.",
            f"기울기를 R.T @ X, 모양 {tuple(dW.T.shape)}로 계산했습니다: dL/dW의 전치이고, W {tuple(W64.shape)}에서 "
            f"그것을 빼면 {tuple((W64 - dW.T).shape)}로 브로드캐스팅됩니다. 기울기는 W와 같은 모양 (d, p)입니다: "
            "X.T @ R."))] if _broadcastable(W64, dW.T) and W64.shape != dW.T.shape else []),
        Mistake("w_not_updated", gives(W64, eW), Text(
            "W came back unchanged: the step was not applied.", "W가 그대로 돌아왔습니다: 걸음을 적용하지 않았습니다.")),
    ]
    if R.shape[1] > 1:
        w_cands.insert(0, Mistake("divides_by_rows", gives(W64 - lr * dW * n / rows, eW), Text(
            f"This divides by the N = {rows} rows, but the mean runs over all n = N·p = {n} elements "
            f"(p = {R.shape[1]} outputs).",
            f"N = {rows}개 행으로 나눴지만, 평균은 n = N·p = {n}개 원소 전체에 대한 것입니다(출력 p = {R.shape[1]}개).")))
    b_cands = [
        Mistake("bias_not_updated", gives(b64, eb), Text(
            "b came back unchanged: the bias needs its own step, dL/db = (2/n) R.sum(0).",
            "b가 그대로 돌아왔습니다: 편향에도 걸음이 필요합니다. dL/db = (2/n) R.sum(0).")),
        Mistake("missing_factor_2", gives(b64 - lr * db / 2, eb), Text(
            "The bias step is half the expected one: the factor 2 is missing.",
            "편향의 걸음이 기대의 절반입니다: 2배가 빠졌습니다.")),
        Mistake("sum_not_mean", gives(b64 - lr * db * n, eb), Text(
            f"The bias step is n = {n} times too large: the 1/n of the mean is missing.",
            f"편향의 걸음이 n = {n}배 큽니다: 평균의 1/n이 빠졌습니다.")),
        Mistake("gradient_ascent", gives(b64 + lr * db, eb), Text(
            "b moved uphill (gradient ascent): subtract the gradient.",
            "b가 오르막으로 움직였습니다(경사 상승): 기울기를 빼세요.")),
        Mistake("returns_gradient", gives(db, eb), Text(
            "This is the bias gradient itself: return b - lr * grad_b.",
            "편향의 기울기 자체입니다: b - lr * grad_b를 돌려주세요.")),
        Mistake("lr_applied_twice", gives(b64 - lr * lr * db, eb), Text(
            f"The bias step is lr = {lr} times too small: the learning rate was applied twice.",
            f"편향의 걸음이 lr = {lr}배 작습니다: 학습률을 두 번 곱했습니다.")),
    ]
    if R.shape[1] > 1:
        b_cands.insert(0, Mistake("bias_sum_all", gives(b64 - lr * (2.0 / n) * R.sum(), eb), Text(
            f"Every output got the same bias step: R.sum() added up all n = {n} elements, the {R.shape[1]} output "
            "columns mixed together. Sum over the rows only, R.sum(dim=0), one value per output.",
            f"모든 출력이 같은 편향 걸음을 받았습니다: R.sum()이 n = {n}개 원소를 출력 {R.shape[1]}개의 열을 섞어 "
            "모두 더했습니다. 행 방향으로만 합하세요. R.sum(dim=0)은 출력마다 값 하나를 줍니다.")))
    for got, exp, cands, name in ((gW, eW, w_cands, "W_new"), (gb_, eb, b_cands, "b_new")):
        if _close(got, exp):
            expect_tensor(got, exp, call=f"{call}: {name}", idea=IDEA_GRAD, rtol=RTOL, atol=ATOL)
            continue
        name_mistake(got, cands, call=f"{call}: {name}", expected=exp, idea=IDEA_GRAD)
        if isinstance(got, torch.Tensor) and tuple(got.shape) != tuple(exp.shape) and got.dim() >= 1 \
                and y.dim() == 1 and rows in tuple(got.shape) and rows not in tuple(exp.shape):
            raise report(f"{call}: {name}", exp, got, Text(
                f"{name} has shape {tuple(got.shape)} instead of {tuple(exp.shape)}: y of shape {tuple(y.shape)} "
                f"against predictions of shape ({rows}, 1) broadcast to ({rows}, {rows}) (accidental "
                "broadcasting, (N, 1) - (N,) makes (N, N)). Reshape y to (N, 1) first.",
                f"{name}의 모양이 {tuple(exp.shape)}이 아니라 {tuple(got.shape)}입니다: 모양 {tuple(y.shape)}인 y와 "
                f"모양 ({rows}, 1)인 예측이 ({rows}, {rows})로 브로드캐스팅되었습니다(의도치 않은 브로드캐스팅, "
                "(N, 1) - (N,)는 (N, N)). 먼저 y를 (N, 1)로 바꾸세요."), IDEA_GRAD, mistake="y_vector_broadcast")
        expect_tensor(got, exp, call=f"{call}: {name}", idea=IDEA_GRAD, rtol=RTOL, atol=ATOL)


def _check_step(sub, W, b, X, y, lr, call):
    got = _pair(_run(sub, "gd_step", call, W, b, X, y, lr).value, 2, call, _ref_step(W, b, X, y, lr),
                ("W_new", "b_new"))
    _diagnose_step(got[0], got[1], W, b, X, y, lr, call)


@check("gd_step_small", points=2, cuda=True)
def test_gd_step_small(sub, device):
    g = _gen()
    X = torch.randn(6, 3, generator=g).to(device)
    W = torch.randn(3, 1, generator=g).to(device)
    b = torch.randn(1, generator=g).to(device)
    y = torch.randn(6, 1, generator=g).to(device)
    _check_step(sub, W, b, X, y, 0.1, f"gd_step(W, b, X, y, lr=0.1), X = randn(6, 3), W = randn(3, 1), "
                                      f"b = randn(1), y = randn(6, 1) (seed {SEED})")


@check("gd_step_two_outputs", points=1)
def test_gd_step_two_outputs(sub):
    g = _gen(1)
    X = torch.randn(5, 4, generator=g)
    W = torch.randn(4, 2, generator=g)
    b = torch.randn(2, generator=g)
    y = torch.randn(5, 2, generator=g)
    _check_step(sub, W, b, X, y, 0.05, f"gd_step(W, b, X, y, lr=0.05), X = randn(5, 4), W = randn(4, 2), "
                                       f"b = randn(2), y = randn(5, 2) (seed {SEED + 1})")


def _diabetes(device="cpu"):
    X, y = load_diabetes(standardize=True)
    W = (0.1 * torch.randn(10, 1, generator=_gen(2)))
    return W.to(device), torch.zeros(1, device=device), X.to(device), y.to(device)


@check("gd_step_diabetes", points=2)
def test_gd_step_diabetes(sub):
    W, b, X, y = _diabetes()
    _check_step(sub, W, b, X, y.reshape(-1, 1), 0.1,
                f"gd_step(W, b, X, y, lr=0.1); X, y = load_diabetes(standardize=True)  # X (442, 10); "
                f"y = y.reshape(442, 1); W = 0.1 * randn(10, 1) (seed {SEED + 2}); b = zeros(1)")


@check("gd_step_y_vector", points=1)
def test_gd_step_y_vector(sub):
    W, b, X, y = _diabetes()
    X, y = X[:40], y[:40]
    _check_step(sub, W, b, X, y, 0.1,
                f"gd_step(W, b, X[:40], y[:40], lr=0.1); X, y = load_diabetes(standardize=True)  # y[:40]: "
                f"shape (40,); W = 0.1 * randn(10, 1) (seed {SEED + 2}); b = zeros(1)")


def _in_place(r, originals, names, call):
    after = list(r.args_after or [])
    after += [None] * (len(originals) - len(after))
    expect_unchanged(call, {name: (orig, now) for name, orig, now in zip(names, originals, after)}, lambda name: Text(
        f"Your function changed the caller's {name} in place (e.g. `{name} -= lr * grad`, "
        f"`{name}.sub_(...)` or `{name}[...] = ...`). The caller still uses it: return new tensors.",
        f"함수가 호출한 쪽의 {name}{eul_reul(name)} 제자리에서 바꿨습니다(예: `{name} -= lr * grad`, "
        f"`{name}.sub_(...)`, `{name}[...] = ...`). 호출한 쪽은 그것을 계속 씁니다: 새 텐서를 돌려주세요."), IDEA_COPY,
        mistake="in_place")


@check("gd_step_not_in_place", points=1)
def test_gd_step_not_in_place(sub):
    g = _gen(3)
    X = torch.randn(8, 2, generator=g)
    W = torch.randn(2, 1, generator=g)
    b = torch.randn(1, generator=g)
    y = torch.randn(8, 1, generator=g)
    call = (f"gd_step(W, b, X, y, lr=0.1), X = randn(8, 2), W = randn(2, 1), b = randn(1), y = randn(8, 1) "
            f"(seed {SEED + 3})")
    r = _run(sub, "gd_step", call, W, b, X, y, 0.1, _return_args=True)
    _in_place(r, (W, b, X, y), ("W", "b", "X", "y"), call)
    got = _pair(r.value, 2, call, _ref_step(W, b, X, y, 0.1), ("W_new", "b_new"))
    _diagnose_step(got[0], got[1], W, b, X, y, 0.1, call)


# ------------------------------------------------------------------ sgd_epoch
def _epoch_variant(W, b, X, y, lr, bs, seed, *, order="perm", drop_last=False, denom_bs=False,
                   full_data=False, step=None, chain=True, x_only=False):
    N = X.shape[0]
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(N, generator=g) if order == "perm" else torch.arange(N)
    Xc, yc = X.detach().cpu(), y.detach().cpu()
    if x_only:             # X = X[perm] shuffled, y left in its original order: the pairs no longer match
        Xc, perm = Xc[perm], torch.arange(N)
    W0, b0 = W, b
    n = 0
    for start in range(0, N, bs):
        if order == "reshuffle":
            perm = torch.randperm(N, generator=g)
        idx = perm[start:start + bs]
        if drop_last and len(idx) < bs:
            break
        if not chain:      # every batch starts again from the W, b the epoch was given
            W, b = W0, b0
        if full_data:
            W, b = _step64(W, b, Xc, yc, lr)
        elif step is not None:
            W, b = step(W, b, Xc[idx], yc[idx], lr)
        else:
            p = W.shape[1]
            W, b = _step64(W, b, Xc[idx], yc[idx], lr, denom=bs * p if denom_bs else None)
        n += 1
    return W, b, n


def _sgd_mistakes(W, b, X, y, lr, bs, seed):
    """The usual epoch mistakes, each seen in a (W_new, b_new) pair equal to what that variant of the epoch gives
    (and not to the right epoch)."""
    N = X.shape[0]
    left = N % bs
    eW, eb, _ = _ref_epoch(W, b, X, y, lr, bs, seed)

    def gives(**variant):
        def detect(pair):
            vW, vb, _ = _epoch_variant(W, b, X, y, lr, bs, seed, **variant)
            return _close(pair[0], vW) and _close(pair[1], vb) and not (_close(vW, eW) and _close(vb, eb))
        return detect
    out = [
        Mistake("no_shuffle", gives(order="arange"), Text(
            "This is the epoch in the original order 0, 1, …, N-1: the samples were not shuffled. Visit them in "
            "the order torch.randperm(N, generator=generator).",
            "원래 순서 0, 1, …, N-1로 진행한 에폭입니다: 샘플을 섞지 않았습니다. "
            "torch.randperm(N, generator=generator) 순서로 방문하세요.")),
        Mistake("reshuffle_per_batch", gives(order="reshuffle"), Text(
            "This reshuffles before every batch (a new torch.randperm per batch), so some samples are seen "
            "twice and others never. Draw one permutation per epoch, before the loop.",
            "배치마다 새로 섞었습니다(배치마다 새 torch.randperm). 그러면 어떤 샘플은 두 번, 어떤 샘플은 한 번도 "
            "보지 못합니다. 순열은 에폭마다 한 번, 반복문 전에 만드세요.")),
        Mistake("steps_not_chained", gives(chain=False), Text(
            "This is one gd_step on the last batch, from the W and b the epoch started with: every batch "
            "started again from the original W, b (gd_step(W, b, ...) into new names that the next batch "
            "never uses), so the earlier updates were thrown away. Assign each step's result back to W and b, "
            "so that the next step starts from it.",
            "마지막 배치에 대한 gd_step 한 번, 그것도 에폭이 받은 W, b에서 시작한 결과입니다: 배치마다 원래 W, b에서 "
            "다시 시작해서(다음 배치가 쓰지 않는 새 이름으로 gd_step(W, b, ...)의 결과를 받음) 앞선 업데이트가 "
            "버려졌습니다. 다음 걸음이 앞 걸음의 결과에서 시작하도록 각 걸음의 결과를 W와 b에 다시 넣으세요.")),
        Mistake("shuffles_x_only", gives(x_only=True), Text(
            "This is the epoch with X shuffled by the permutation and y left in its original order: the rows of X "
            "and y no longer belong together, so the model learns from mismatched pairs. Index both with the same "
            "idx: X[idx], y[idx].",
            "X만 순열로 섞고 y는 원래 순서로 둔 에폭입니다: X와 y의 행이 더는 짝이 맞지 않아서 모델이 엉뚱한 "
            "쌍으로 학습합니다. 둘 다 같은 idx로 인덱싱하세요: X[idx], y[idx].")),
        Mistake("full_data_each_step", gives(full_data=True), Text(
            "Every step used the whole data set (X, y) instead of the batch X[idx], y[idx].",
            "모든 걸음이 배치 X[idx], y[idx] 대신 전체 데이터 (X, y)를 썼습니다.")),
    ]
    if left:
        out.append(Mistake("drops_last_batch", gives(drop_last=True), Text(
            f"The last partial batch ({left} samples, {N} % {bs}) was dropped: keep it, it is one more update.",
            f"마지막 덜 찬 배치({left}개, {N} % {bs})를 버렸습니다: 남겨 두세요. 업데이트 한 번이 더 있습니다.")))
        out.append(Mistake("divides_by_batch_size", gives(denom_bs=True), Text(
            f"The last batch has only {left} sample{'s' if left != 1 else ''}, but its mean was divided by "
            f"batch_size = {bs}: divide by "
            "the batch's own length (len(idx)).",
            f"마지막 배치에는 샘플이 {left}개뿐인데 평균을 batch_size = {bs}로 나눴습니다: 배치의 실제 길이"
            "(len(idx))로 나누세요.")))

    def half(W_, b_, X_, y_, lr_):
        return _step64(W_, b_, X_, y_, lr_ / 2)

    def ascent(W_, b_, X_, y_, lr_):
        return _step64(W_, b_, X_, y_, -lr_)
    out.append(Mistake("missing_factor_2", gives(step=half), Text(
        "Every step is half as large as expected: the factor 2 of the MSE gradient is missing (see gd_step).",
        "모든 걸음이 기대의 절반입니다: MSE 기울기의 2배가 빠졌습니다(gd_step 참고).")))
    out.append(Mistake("gradient_ascent", gives(step=ascent), Text(
        "Every step went uphill (gradient ascent): subtract the gradient (see gd_step).",
        "모든 걸음이 오르막으로 갔습니다(경사 상승): 기울기를 빼세요(gd_step 참고).")))
    return out


def _randperm_calls(calls):
    return sum(n for name, n in calls.items() if name.rsplit(".", 1)[-1] == "randperm")


def _check_epoch(sub, W, b, X, y, lr, bs, seed, call, reply=None):
    r = reply or _run(sub, "sgd_epoch", call, W, b, X, y, lr, bs, Build("generator", {"seed": seed}))
    eW, eb, en = _ref_epoch(W, b, X, y, lr, bs, seed)
    got = _pair(r.value, 3, call, (eW, eb, en), ("W_new", "b_new", "n_updates"))
    gW, gb_ = got[0], got[1]
    if _close(gW, eW) and _close(gb_, eb):
        expect_tensor(gW, eW, call=f"{call}: W_new", idea=IDEA_EPOCH, rtol=RTOL, atol=ATOL)
        expect_tensor(gb_, eb, call=f"{call}: b_new", idea=IDEA_EPOCH, rtol=RTOL, atol=ATOL)
        return
    m = first_mistake((gW, gb_), _sgd_mistakes(W, b, X, y, lr, bs, seed))
    if m is not None:
        raise m.report(f"{call}: W_new", eW, gW, IDEA_EPOCH)
    k = _randperm_calls(r.calls)
    if k == 0:
        why = Text("W after the epoch differs, and torch.randperm was never called: shuffle with "
                   "torch.randperm(N, generator=generator) (not random.shuffle, numpy, or another generator).",
                   "에폭 후 W가 다르고, torch.randperm을 한 번도 호출하지 않았습니다: "
                   "torch.randperm(N, generator=generator)로 섞으세요(random.shuffle, numpy, 다른 생성기 금지).")
        raise report(f"{call}: W_new", eW, gW, why, IDEA_EPOCH, mistake="randperm_not_called")
    if k > 1:
        why = Text(f"W after the epoch differs, and torch.randperm was called {k} times: draw one permutation per "
                   "epoch.",
                   f"에폭 후 W가 다르고, torch.randperm을 {k}번 호출했습니다: 순열은 에폭마다 한 번 만드세요.")
        raise report(f"{call}: W_new", eW, gW, why, IDEA_EPOCH, mistake="randperm_called_repeatedly")
    if isinstance(gW, torch.Tensor) and gW.shape == eW.shape and gW.is_floating_point() and not _close(gW, eW):
        raise report(f"{call}: W_new", eW, gW, Text(
            "W after the epoch differs from the judge's run with the same seed. Check that the batches follow "
            "torch.randperm(N, generator=generator) with the generator you were given, that each step starts "
            "from the previous one, and that gd_step passes its own checks.",
            "같은 시드로 한 채점기의 실행과 에폭 후 W가 다릅니다. 배치가 받은 generator로 만든 "
            "torch.randperm(N, generator=generator) 순서를 따르는지, 각 걸음이 앞 걸음에서 시작하는지, "
            "gd_step이 자기 검사를 통과하는지 확인하세요."), IDEA_EPOCH)
    expect_tensor(gW, eW, call=f"{call}: W_new", idea=IDEA_EPOCH, rtol=RTOL, atol=ATOL)
    expect_tensor(gb_, eb, call=f"{call}: b_new", idea=IDEA_EPOCH, rtol=RTOL, atol=ATOL)


def _small(offset, N=10, d=3):
    g = _gen(offset)
    X = torch.randn(N, d, generator=g)
    W = torch.randn(d, 1, generator=g)
    b = torch.randn(1, generator=g)
    y = torch.randn(N, 1, generator=g)
    return W, b, X, y


@check("sgd_epoch_small", points=2)
def test_sgd_epoch_small(sub):
    W, b, X, y = _small(10)
    seed = SEED + 100
    _check_epoch(sub, W, b, X, y, 0.05, 4, seed,
                 f"sgd_epoch(W, b, X, y, lr=0.05, batch_size=4, generator=torch.Generator().manual_seed({seed})), "
                 f"X = randn(10, 3), W = randn(3, 1), b = randn(1), y = randn(10, 1) (seed {SEED + 10})")


@check("sgd_epoch_diabetes", points=3, cuda=True, timeout=10.0)
def test_sgd_epoch_diabetes(sub, device):
    W, b, X, y = _diabetes(device)
    seed = SEED + 200
    _check_epoch(sub, W, b, X, y.reshape(-1, 1), 0.01, 32, seed,
                 f"sgd_epoch(W, b, X, y, lr=0.01, batch_size=32, generator=torch.Generator().manual_seed({seed})); "
                 "X, y = load_diabetes(standardize=True)  # X (442, 10), 442 = 13 * 32 + 26; y = y.reshape(442, 1); "
                 f"W = 0.1 * randn(10, 1) (seed {SEED + 2}); b = zeros(1)")


@check("sgd_epoch_full_batch", points=1)
def test_sgd_epoch_full_batch(sub):
    W, b, X, y = _small(11, N=8, d=2)
    seed = SEED + 300
    _check_epoch(sub, W, b, X, y, 0.1, 16, seed,
                 f"sgd_epoch(W, b, X, y, lr=0.1, batch_size=16, generator=torch.Generator().manual_seed({seed})), "
                 f"X = randn(8, 2), W = randn(2, 1), b = randn(1), y = randn(8, 1) (seed {SEED + 11})")


@check("sgd_n_updates", points=1)
def test_sgd_n_updates(sub):
    for N, bs in ((10, 4), (12, 4), (5, 8)):
        W, b, X, y = _small(12, N=N, d=2)
        seed = SEED + 400
        call = (f"sgd_epoch(W, b, X, y, lr=0.01, batch_size={bs}, "
                f"generator=torch.Generator().manual_seed({seed})); X = randn({N}, 2), y = randn({N}, 1)")
        got = _run(sub, "sgd_epoch", call, W, b, X, y, 0.01, bs, Build("generator", {"seed": seed})).value
        call += ": n_updates"
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            _pair(got, 3, call, "(W_new, b_new, n_updates)", ("W_new", "b_new", "n_updates"))
        n = got[2]
        exp = -(-N // bs)
        if type(n) is int and n != exp:
            mistake = None
            if n == N // bs:
                mistake = "drops_last_batch"
                why = Text(f"{n} = {N} // {bs} leaves out the last partial batch of {N % bs}: it is an update too.",
                           f"{n} = {N} // {bs}{eun_neun(bs)} 마지막 덜 찬 배치({N % bs}개)를 빠뜨립니다: 그것도 업데이트입니다.")
            elif n == N:
                mistake = "counts_samples"
                why = Text("That counts samples, not steps: one update per batch.",
                           "샘플을 셌습니다. 걸음이 아니라: 배치마다 업데이트 한 번입니다.")
            else:
                why = Text(f"{N} samples in batches of {bs} make ceil({N} / {bs}) = {exp} updates.",
                           f"샘플 {N}개를 {bs}개씩 나누면 업데이트는 ceil({N} / {bs}) = {exp}번입니다.")
            raise report(call, exp, n, why, IDEA_EPOCH, mistake)
        if isinstance(n, torch.Tensor):
            raise report(call, exp, n, Text("n_updates must be a Python int, not a tensor.",
                                            "n_updates는 텐서가 아니라 Python int여야 합니다."), IDEA_EPOCH)
        expect_number(n, exp, call=call, idea=IDEA_EPOCH, integer=True)


@check("sgd_not_in_place", points=1)
def test_sgd_not_in_place(sub):
    W, b, X, y = _small(13, N=9, d=2)
    seed = SEED + 500
    call = (f"sgd_epoch(W, b, X, y, lr=0.1, batch_size=4, generator=torch.Generator().manual_seed({seed})), "
            f"X = randn(9, 2), W = randn(2, 1), b = randn(1), y = randn(9, 1) (seed {SEED + 13})")
    # the generator goes by keyword: only positional arguments come back in args_after
    r = _run(sub, "sgd_epoch", call, W, b, X, y, 0.1, 4, generator=Build("generator", {"seed": seed}),
             _return_args=True)
    _in_place(r, (W, b, X, y), ("W", "b", "X", "y"), call)
    _check_epoch(sub, W, b, X, y, 0.1, 4, seed, call, reply=r)


def _shown_type(got) -> str:
    """A value's type name, with its length for a tuple or list: "list(길이 3)"."""
    return type(got).__name__ + (f"(길이 {len(got)})" if isinstance(got, (tuple, list)) else "")
