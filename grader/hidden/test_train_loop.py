"""Hidden checks for train_loop. The judge builds the model and the data, and repeats the training itself
under the same protocol and seed (with the usual mistakes switched on, one at a time, to name them)."""

import math
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from grader.checks import check, fail
from grader.codec import Build, ModuleState
from grader.compare import Mistake, first_mistake, numpy_scalar, report
from grader.i18n import Text, eul_reul, i_ga, josa
from grader.proxy import problem_for
from grader.sandbox import builders

SEED = 20260510
N, D, C = 50, 4, 3
BATCH, EPOCHS, LR = 16, 3, 0.2          # 50 = 3 * 16 + 2: the last batch has 2 samples
MLP = [["linear", D, 8], ["relu"], ["linear", 8, C]]
DROPOUT_MLP = [["linear", D, 16], ["relu"], ["dropout", 0.5], ["linear", 16, C]]
TIMEOUT = 20.0
P_RTOL, P_ATOL = 1e-4, 1e-5
KNOWN_MISTAKES = {
    "numpy_scalars": "epoch losses returned as numpy scalars (np.float32) instead of Python floats",
    "no_zero_grad": "no optimizer.zero_grad(): gradients accumulate over the batches",
    "double_backward": "two backward() calls per batch",
    "same_order_every_epoch": "one permutation for all epochs (drawn once, or the generator re-seeded)",
    "drop_last": "the last, smaller batch dropped",
    "ignores_seed": "the seed argument ignored",
    "python_random_shuffle": "Python's random.shuffle instead of torch.randperm with g",
    "numpy_permutation": "numpy's permutation instead of torch.randperm with g",
    "step_before_backward": "optimizer.step() before this batch's backward()",
    "parameters_never_moved": "the parameters never moved: step() never used a gradient",
    "returns_tensors": "epoch losses as tensors instead of Python floats",
    "unweighted_mean": "the plain mean of the batch losses, not weighted by batch size",
    "nominal_batch_weight": "the last batch weighted by batch_size instead of its real size",
    "batch_losses_over_n": "the batch losses summed and divided by N, not weighted",
    "summed_batch_losses": "the sum of the batch losses",
    "last_batch_loss": "the last batch's loss instead of the epoch mean",
    "total_not_reset": "the running total not reset at each epoch",
    "full_data_loss": "the loss of the whole data set after each epoch",
    "model_moved_device": "the model moved to another device",
    "step_or_backward_missing": "optimizer.step() or loss.backward() never called",
    "zero_grad_before_step": "zero_grad() between backward() and step()",
    "too_many_steps": "more optimizer steps than batches",
    "too_few_steps": "fewer optimizer steps than batches",
    "calls_eval": "model.eval() called during train()",
    "left_in_eval_mode": "the model (or a submodule) left in eval mode after training",
    "trained_in_eval_mode": "trained in eval mode: Dropout off",
    "unseeded_order": "an order not drawn from the seeded generator: two runs differ",
    "never_calls_train": "model.train() never called on a model that came in eval mode",
}

IDEA = Text("one optimizer = torch.optim.SGD(model.parameters(), lr=lr) and one "
            "g = torch.Generator().manual_seed(seed), both made before the first epoch; every epoch "
            "order = torch.randperm(N, generator=g), batches order[i:i + batch_size] (the last, smaller one "
            "too); each batch zero_grad -> loss -> backward -> step.",
            "옵티마이저 optimizer = torch.optim.SGD(model.parameters(), lr=lr) 하나와 "
            "g = torch.Generator().manual_seed(seed) 하나를 첫 에폭 전에 만듭니다. 에폭마다 "
            "order = torch.randperm(N, generator=g), 배치는 order[i:i + batch_size](마지막의 더 작은 배치 포함), "
            "배치마다 zero_grad -> 손실 -> backward -> step.")
IDEA_ORDER = Text("each batch: optimizer.zero_grad() clears the old gradients, loss = loss_fn(model(xb), yb), "
                  "loss.backward() fills every .grad, optimizer.step() uses them, in that order.",
                  "배치마다: optimizer.zero_grad()로 이전 기울기를 지우고, loss = loss_fn(model(xb), yb), "
                  "loss.backward()가 모든 .grad를 채우고, optimizer.step()이 그것을 씁니다. 이 순서대로.")
IDEA_LOSSES = Text("the epoch loss is the sample-weighted mean of the batch losses: "
                   "sum(loss.item() * len(batch)) / N, one Python float per epoch.",
                   "에폭 손실은 배치 손실의 샘플 가중 평균입니다: sum(loss.item() * len(batch)) / N, "
                   "에폭마다 Python float 하나.")


# ------------------------------------------------------------------ the judge's data and models
def _init_state(layers, g):
    state = {}
    for i, layer in enumerate(layers):
        if layer[0] == "linear":
            fan_in, fan_out = layer[1], layer[2]
            bound = 1.0 / math.sqrt(fan_in)
            state[f"{i}.weight"] = (torch.rand(fan_out, fan_in, generator=g) * 2 - 1) * bound
            state[f"{i}.bias"] = (torch.rand(fan_out, generator=g) * 2 - 1) * bound
    return state


def _classification(seed=SEED, layers=MLP):
    """Data that a linear map of X labels (learnable), and the model's starting parameters."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(N, D, generator=g)
    y = (X @ torch.randn(D, C, generator=g)).argmax(dim=1)
    return X, y, _init_state(layers, g)


def _regression(seed=SEED + 1):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(45, 3, generator=g)
    y = X @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.1 * torch.randn(45, 1, generator=g)
    return X, y, _init_state([["linear", 3, 1]], g)


class Setup:
    """One training run as the check asks for it: model recipe, data, hyperparameters."""

    def __init__(self, layers, state, X, y, loss, *, epochs=EPOCHS, lr=LR, batch_size=BATCH, seed=0,
                 device="cpu", label="classification", data_seed=SEED, training=True):
        self.layers, self.state, self.loss, self.training = layers, state, loss, training
        self.X, self.y = X.to(device), y.to(device)
        self.epochs, self.lr, self.batch_size, self.seed, self.device = epochs, lr, batch_size, seed, device
        self.label, self.data_seed = label, data_seed

    def spec(self):
        spec = {"layers": self.layers, "state": self.state}
        if not self.training:
            spec["training"] = False
        if self.device != "cpu":
            spec["device"] = self.device
        return spec

    def describe(self):
        n = self.X.shape[0]
        last = n % self.batch_size
        model = " -> ".join(layer[0] + (f"({', '.join(map(str, layer[1:]))})" if len(layer) > 1 else "")
                            for layer in self.layers)
        dev = f", on {self.device}" if self.device != "cpu" else ""
        return (f"train(model, X, y, loss_fn={self.loss}, epochs={self.epochs}, lr={self.lr}, "
                f"batch_size={self.batch_size}, seed={self.seed}) with model = Sequential({model}), "
                f"{self.label} data of N={n} samples (judge seed {self.data_seed}; the last batch of each epoch has "
                f"{last or self.batch_size} samples){dev}"
                + ("" if self.training else ", the model handed over in eval mode (model.training == False)"))

    def run(self, sub):
        """The learner's train(...): (reply, returned value, ModuleState after)."""
        r = sub.reply("train", Build("sequential", self.spec()), self.X, self.y,
                      loss_fn=Build("loss", {"name": self.loss}), epochs=self.epochs, lr=self.lr,
                      batch_size=self.batch_size, seed=self.seed, _return_args=True, _timeout=TIMEOUT)
        if r.status != "ok":
            raise problem_for(r, self.describe())
        after = r.args_after[0] if r.args_after else None
        return r, r.value, after

    def reference(self, *, zero_grad=True, reshuffle=True, drop_last=False, backward_twice=False,
                  eval_mode=False, dataloader=False, step_first=False, seed=None, shuffler="randperm"):
        """The judge's own run: final state, per-batch (loss, size) of each epoch, full-data loss per epoch."""
        threads = torch.get_num_threads()
        torch.set_num_threads(1)   # tiny tensors: one thread is faster, and steady on a busy machine
        try:
            with torch.random.fork_rng(devices=[]):   # building layers draws from the global RNG: restore it
                return self._reference(zero_grad, reshuffle, drop_last, backward_twice, eval_mode, dataloader,
                                       step_first, self.seed if seed is None else seed, shuffler)
        finally:
            torch.set_num_threads(threads)

    def _reference(self, zero_grad, reshuffle, drop_last, backward_twice, eval_mode, dataloader, step_first, seed,
                   shuffler="randperm"):
        model = builders.build("sequential", self.spec())
        loss_fn = builders.build("loss", {"name": self.loss})
        params = list(model.parameters())
        g = torch.Generator().manual_seed(seed)
        n = self.X.shape[0]
        model.train(not eval_mode)
        batches, full, order = [], [], None
        loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=self.batch_size, shuffle=True,
                            generator=g) if dataloader else None
        py_rng, np_rng, py_order = random.Random(seed), np.random.RandomState(seed), list(range(n))
        for _ in range(self.epochs):
            if loader is not None:
                chunks = [b[0] for b in loader]
            elif shuffler != "randperm":
                if shuffler == "python":          # random.seed(seed); random.shuffle(indices) every epoch
                    py_rng.shuffle(py_order)
                    order = torch.tensor(py_order)
                elif shuffler == "python_fresh":  # the same, on a fresh list(range(N)) every epoch
                    fresh = list(range(n))
                    py_rng.shuffle(fresh)
                    order = torch.tensor(fresh)
                else:                             # np.random.seed(seed); np.random.permutation(N) every epoch
                    order = torch.from_numpy(np_rng.permutation(n))
                chunks = [order[i:i + self.batch_size] for i in range(0, n, self.batch_size)]
            else:
                if reshuffle or order is None:
                    order = torch.randperm(n, generator=g)
                chunks = [order[i:i + self.batch_size] for i in range(0, n, self.batch_size)]
            if drop_last:
                chunks = [c for c in chunks if len(c) == self.batch_size]
            seen = []
            for idx in chunks:
                idx = idx.to(self.X.device)
                if step_first:
                    _sgd_step(params, self.lr)
                if zero_grad:
                    for p in params:
                        p.grad = None
                loss = loss_fn(model(self.X[idx]), self.y[idx])
                loss.backward(retain_graph=backward_twice)
                if backward_twice:
                    loss.backward()
                if not step_first:
                    _sgd_step(params, self.lr)
                seen.append((loss.item(), len(idx)))
            batches.append(seen)
            with torch.no_grad():
                full.append(loss_fn(model(self.X), self.y).item())
        state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        return state, batches, full


def _sgd_step(params, lr):
    """What torch.optim.SGD(params, lr=lr).step() does (no momentum, no weight decay)."""
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.add_(p.grad, alpha=-lr)


def _floats(values):
    """A list of numbers rounded for display (anything else as it is)."""
    if isinstance(values, list) and values and all(type(v) in (int, float) for v in values):
        return [round(v, 6) for v in values]
    return values


def _weighted(batches, n):
    return [sum(l * k for l, k in epoch) / n for epoch in batches]


# ------------------------------------------------------------------ comparing
def _same_state(got, expected, rtol=P_RTOL, atol=P_ATOL):
    if not isinstance(got, dict) or set(got) != set(expected):
        return False
    for k, e in expected.items():
        t = got[k]
        if not isinstance(t, torch.Tensor) or t.shape != e.shape:
            return False
        if not torch.allclose(t.detach().to("cpu", torch.float64), e.detach().to("cpu", torch.float64),
                              rtol=rtol, atol=atol):
            return False
    return True


def _same_list(got, expected, rtol=1e-4, atol=1e-6):
    """The same numbers (a numpy scalar counts by its value here: returns_floats alone judges the type)."""
    return (isinstance(got, list) and len(got) == len(expected)
            and all((type(v) in (int, float) or isinstance(v, (np.floating, np.integer)))
                    and math.isclose(float(v), e, rel_tol=rtol, abs_tol=atol) for v, e in zip(got, expected)))


def _shuffler_why(how: str) -> Text:
    return Text(
        f"This is the order {how} gives: the batches must follow torch.randperm(N, generator=g), with "
        "g = torch.Generator().manual_seed(seed). Python's random and numpy have their own generators, so the "
        "same seed gives them a different order.",
        f"{how}{i_ga(how)} 주는 순서와 같습니다: 배치는 g = torch.Generator().manual_seed(seed)로 만든 "
        "torch.randperm(N, generator=g) 순서를 따라야 합니다. Python의 random과 numpy는 자기 생성기가 있어서 "
        "같은 시드로도 다른 순서가 나옵니다.")


def _mistakes(s, gives):
    """The usual ways a loop goes wrong; ``gives(options)`` is the detector for the judge's run with those
    reference options (it runs only when asked)."""
    n, b = s.X.shape[0], s.batch_size
    return [
        Mistake("no_zero_grad", gives(dict(zero_grad=False)), Text(
            "This is what training without optimizer.zero_grad() gives: .grad is never cleared, so every "
            "backward adds this batch's gradient to all the previous ones and each step uses the running sum.",
            "optimizer.zero_grad() 없이 학습한 결과와 같습니다: .grad를 지우지 않아서 backward마다 이번 배치의 "
            "기울기가 이전 것들에 더해지고, step은 그 누적합을 씁니다.")),
        Mistake("double_backward", gives(dict(backward_twice=True)), Text(
            "This is what two backward() calls per batch give: the second adds the same gradient again, so every "
            "step is twice as large. Call loss.backward() exactly once per batch.",
            "배치마다 backward()를 두 번 호출한 결과와 같습니다: 두 번째 호출이 같은 기울기를 한 번 더 더해서 "
            "모든 step이 두 배가 됩니다. 배치마다 loss.backward()를 정확히 한 번만 호출하세요.")),
        Mistake("same_order_every_epoch", gives(dict(reshuffle=False)), Text(
            "This is what visiting the same order every epoch gives: the permutation was drawn once (before the "
            "epoch loop), or the generator was re-created (re-seeded) every epoch. Make g once, before the first "
            "epoch, and call torch.randperm(N, generator=g) at the start of every epoch.",
            "매 에폭 같은 순서로 돈 결과와 같습니다: 순열을 (에폭 반복문 전에) 한 번만 뽑았거나, 에폭마다 "
            "생성기를 다시 만들었습니다(다시 시드). g는 첫 에폭 전에 한 번 만들고, 에폭이 시작할 때마다 "
            "torch.randperm(N, generator=g)를 호출하세요.")),
        Mistake("drop_last", gives(dict(drop_last=True)), Text(
            f"This is what dropping the last, smaller batch gives (N = {n} is not a multiple of {b}, so "
            f"range(N // batch_size) misses the last {n % b} samples). Step through range(0, N, batch_size) and "
            "keep the last partial batch.",
            f"마지막의 더 작은 배치를 버린 결과와 같습니다(N = {n}은 {b}의 배수가 아니라서 "
            f"range(N // batch_size)는 마지막 {n % b}개 샘플을 놓칩니다). range(0, N, batch_size)로 돌고 "
            "마지막 부분 배치도 쓰세요.")),
        *([Mistake("ignores_seed", gives(dict(seed=0)), Text(
            f"These are the results of seed=0, not seed={s.seed}: the seed argument was ignored. Seed the generator "
            "with it: torch.Generator().manual_seed(seed).",
            f"seed={s.seed}이 아니라 seed=0의 결과입니다: seed 인자를 무시했습니다. 생성기를 그것으로 시드하세요: "
            "torch.Generator().manual_seed(seed)."))] if s.seed != 0 else []),
        Mistake("python_random_shuffle", gives(dict(shuffler="python")), _shuffler_why(
            "random.seed(seed) and random.shuffle(indices) every epoch (Python's random, not g)")),
        Mistake("python_random_shuffle", gives(dict(shuffler="python_fresh")), _shuffler_why(
            "random.seed(seed) and random.shuffle(list(range(N))) every epoch (Python's random, not g)")),
        Mistake("numpy_permutation", gives(dict(shuffler="numpy")), _shuffler_why(
            "np.random.seed(seed) and np.random.permutation(N) every epoch (numpy's generator, not g)")),
        Mistake("step_before_backward", gives(dict(step_first=True)), Text(
            "This is what calling optimizer.step() before this batch's backward() gives: every step uses the "
            "previous batch's gradients. The order is zero_grad -> loss -> backward -> step.",
            "이번 배치의 backward() 전에 optimizer.step()을 호출한 결과와 같습니다: 모든 step이 이전 배치의 "
            "기울기를 씁니다. 순서는 zero_grad -> 손실 -> backward -> step입니다.")),
    ]


def _diagnose_state(s, got, initial) -> tuple[Text, str | None]:
    """Why the trained parameters differ, and the id of the mistake when it is a known one."""
    if _same_state(got, {k: v.to(s.device) for k, v in initial.items()}, rtol=0, atol=0):
        mistake = "parameters_never_moved"
        return Text(
            "The parameters did not change at all: optimizer.step() never used a gradient (zero_grad between "
            "backward and step, step before backward, an optimizer over other tensors than "
            "model.parameters(), or a loss other than the loss_fn given, with zero gradient here).",
            "파라미터가 전혀 바뀌지 않았습니다: optimizer.step()이 기울기를 한 번도 쓰지 못했습니다(backward와 "
            "step 사이의 zero_grad, backward 전의 step, model.parameters()가 아닌 텐서의 옵티마이저, 또는 "
            "주어진 loss_fn이 아니라 여기서 기울기가 0인 다른 손실)."), mistake
    m = first_mistake(got, _mistakes(s, lambda options: lambda g: _same_state(g, s.reference(**options)[0])))
    if m is not None:
        return m.why, m.id
    return Text(
        "It matches none of the usual mistakes the judge tried (missing zero_grad, two backward calls, one "
        "order for all epochs, last batch dropped, DataLoader order, random.shuffle or numpy order, step before "
        "backward). Check the learning rate, that the batches "
        "come from torch.randperm(N, generator=g), and that each batch is used exactly once per epoch.",
        "판정기가 시도한 흔한 실수(zero_grad 누락, backward 두 번, 모든 에폭에 같은 순서, 마지막 배치 버림, "
        "DataLoader 순서, random.shuffle 또는 numpy 순서, backward 전의 step) 중 어느 것과도 맞지 않습니다. 학습률, 배치가 torch.randperm(N, generator=g)에서 "
        "나오는지, 각 배치를 에폭마다 정확히 한 번 쓰는지 확인하세요."), None


#: the batch orders the prompt accepts, as options of Setup.reference: torch.randperm(N, generator=g) every
#: epoch (the default), or a DataLoader(TensorDataset(X, y), batch_size, shuffle=True, generator=g), which
#: draws one number from g before each epoch's permutation and so visits another order
OTHER_ACCEPTED_ORDERS = ({"dataloader": True},)


def _other_order_matches(s, same) -> bool:
    """Whether ``same(reference)`` holds for the judge's run in another accepted batch order."""
    return any(same(s.reference(**options)) for options in OTHER_ACCEPTED_ORDERS)


def _state_of(after, s):
    if not isinstance(after, ModuleState):
        raise fail(f"{s.describe()}: the model could not be read back after training.",
                   f"{s.describe()}: 학습 후 모델을 다시 읽을 수 없습니다.")
    return after.state


def _expect_state(s, after, expected):
    got = _state_of(after, s)
    if _same_state(got, expected) or _other_order_matches(s, lambda ref: _same_state(got, ref[0])):
        return
    why, mistake = _diagnose_state(s, got, s.state)
    for k, e in expected.items():
        t = got.get(k) if isinstance(got, dict) else None
        if not isinstance(t, torch.Tensor) or t.shape != e.shape or not torch.allclose(
                t.detach().to("cpu", torch.float64), e.detach().to("cpu", torch.float64), rtol=P_RTOL, atol=P_ATOL):
            where = Text("", "")
            if isinstance(t, torch.Tensor) and t.shape == e.shape:
                tv, ev = t.detach().to("cpu", torch.float64), e.detach().to("cpu", torch.float64)
                flat = int((~torch.isclose(tv, ev, rtol=P_RTOL, atol=P_ATOL)).reshape(-1).nonzero()[0, 0])
                idx = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), tuple(e.shape)))
                gv, xv = tv.reshape(-1)[flat].item(), ev.reshape(-1)[flat].item()
                where = Text(f" First difference at index {idx}: expected {xv:.6g}, got {gv:.6g}.",
                             f" 처음 다른 곳은 인덱스 {idx}: 기대 {xv:.6g}, 받은 값 {gv:.6g}.")
            raise report(f"{s.describe()}, then model.state_dict()['{k}']", e, t, Text(
                "The trained parameters differ from the judge's run of the same protocol and seed.",
                "학습된 파라미터가 같은 절차와 시드로 판정기가 돌린 결과와 다릅니다.") + where
                + Text("\n  ", "\n  ") + why, IDEA, mistake)


def _events(r):
    seq = []
    for e in r.events:
        if e.endswith("zero_grad"):
            seq.append("zero_grad")
        elif e.endswith(".backward"):
            seq.append("backward")
        elif e.endswith("Optimizer.step"):
            seq.append("step")
    return seq


def _show_seq(seq, at=None, limit=12):
    lo = 0 if at is None or at < limit - 2 else at - (limit - 3)
    part = [(f"[{t}]" if i == at else t) for i, t in enumerate(seq[lo:lo + limit], start=lo)]
    return ("… " if lo else "") + " -> ".join(part) + (" …" if lo + limit < len(seq) else "")


def _protocol_problem(seq):
    """(index, Text, mistake id) of the first call out of order, or None when every update is
    zero_grad -> backward -> step."""
    dirty = pending = False     # dirty: .grad holds gradients not cleared since; pending: backward since last step
    for i, t in enumerate(seq):
        if t == "zero_grad":
            if pending:
                mistake = "zero_grad_before_step"
                return i, Text("zero_grad() between backward() and step() wipes the gradients before step() can "
                               "use them, so the parameters never move.",
                               "backward()와 step() 사이의 zero_grad()는 step()이 쓰기 전에 기울기를 지워서 "
                               "파라미터가 움직이지 않습니다."), mistake
            dirty = False
        elif t == "backward":
            if pending:
                mistake = "double_backward"
                return i, Text("a second backward() before step(): it adds the same gradient again (doubling it). "
                               "Call loss.backward() once per batch.",
                               "step() 전의 두 번째 backward(): 같은 기울기를 한 번 더 더합니다(두 배). 배치마다 "
                               "loss.backward()는 한 번만 호출하세요."), mistake
            if dirty:
                mistake = "no_zero_grad"
                return i, Text("backward() without zero_grad() since the last step(): the previous batch's "
                               "gradients are still in .grad and this backward adds to them.",
                               "마지막 step() 이후 zero_grad() 없이 backward()를 했습니다: 이전 배치의 기울기가 "
                               ".grad에 남아 있고 이번 backward가 거기에 더합니다."), mistake
            dirty = pending = True
        else:
            if not pending:
                mistake = "step_before_backward"
                return i, Text("step() before this batch's backward(): step() uses whatever is in .grad, i.e. the "
                               "previous batch's gradients (or none at all on the first batch).",
                               "이번 배치의 backward() 전에 step()을 했습니다: step()은 .grad에 있는 것, 즉 이전 "
                               "배치의 기울기(첫 배치에서는 아무것도 없음)를 씁니다."), mistake
            pending = False
    return None


def _updates(s):
    return s.epochs * math.ceil(s.X.shape[0] / s.batch_size)


def _expect_losses(s, got):
    """Fail with the likely cause unless got are the sample-weighted epoch means of the judge's run."""
    _, batches, full = s.reference()
    n, b = s.X.shape[0], s.batch_size
    expected = _weighted(batches, n)
    call = s.describe() + ", the returned epoch losses"
    if isinstance(got, list) and any(isinstance(v, torch.Tensor) for v in got):
        raise report(call, _floats(expected), _floats(got), Text(
            "The list holds tensors: return loss.item() values (Python floats).",
            "리스트에 텐서가 들어 있습니다: loss.item() 값(Python float)을 반환하세요."), IDEA_LOSSES,
            mistake="returns_tensors")
    if _same_list(got, expected) or _other_order_matches(s, lambda ref: _same_list(got, _weighted(ref[1], n))):
        return
    last = n % b

    def gives(values):
        return lambda got: _same_list(got, values)
    candidates = [
        Mistake("unweighted_mean", gives([sum(l for l, _ in e) / len(e) for e in batches]), Text(
            f"These are the plain means of the batch losses: the last batch of {last} samples counts as much as a "
            f"batch of {b}. Weight each batch loss by its size: sum(loss.item() * len(batch)) / N.",
            f"배치 손실의 단순 평균입니다: {last}개 샘플의 마지막 배치가 {b}개짜리 배치와 같은 무게로 "
            "계산되었습니다. 배치 손실에 배치 크기를 곱해 가중하세요: sum(loss.item() * len(batch)) / N.")),
        Mistake("nominal_batch_weight", gives([sum(l * b for l, _ in e) / n for e in batches]), Text(
            f"The last batch was weighted by batch_size = {b} instead of its real size {last}: use len(batch) "
            "(or xb.shape[0]), not batch_size.",
            f"마지막 배치를 실제 크기 {last} 대신 batch_size = {b}로 가중했습니다: batch_size가 아니라 "
            "len(batch)(또는 xb.shape[0])를 쓰세요.")),
        Mistake("batch_losses_over_n", gives([sum(l for l, _ in e) / n for e in batches]), Text(
            "These are the batch losses summed and divided by N: each batch loss is already a mean, so multiply "
            "it by its batch size before dividing by N.",
            "배치 손실을 합해서 N으로 나눈 값입니다: 배치 손실은 이미 평균이므로 N으로 나누기 전에 배치 크기를 "
            "곱하세요.")),
        Mistake("summed_batch_losses", gives([sum(l for l, _ in e) for e in batches]), Text(
            "These are the sums of the batch losses: divide the sample-weighted sum by N.",
            "배치 손실의 합입니다: 샘플 가중 합을 N으로 나누세요.")),
        Mistake("last_batch_loss", gives([e[-1][0] for e in batches]), Text(
            f"These are the losses of each epoch's last batch only ({last or b} samples): loss after the batch loop "
            "is the last batch's. Add loss.item() * len(batch) for every batch and divide the total by N.",
            f"각 에폭의 마지막 배치({last or b}개 샘플)만의 손실입니다: 배치 반복문이 끝난 뒤의 loss는 마지막 배치의 "
            "것입니다. 배치마다 loss.item() * len(batch)를 더하고 그 합을 N으로 나누세요.")),
        Mistake("total_not_reset", gives([sum(sum(l * k for l, k in e) for e in batches[:i + 1]) / n
                                          for i in range(len(batches))]), Text(
            "Each value adds up all epochs so far: the running total was not reset at the start of each epoch. "
            "Set total = 0.0 inside the epoch loop, before its batches.",
            "각 값이 지금까지의 모든 에폭을 더한 것입니다: 누적 합을 에폭이 시작할 때 0으로 되돌리지 않았습니다. "
            "total = 0.0을 에폭 반복문 안, 배치들 앞에 두세요.")),
        Mistake("full_data_loss", gives(full), Text(
            "These are the losses of the whole data set after each epoch. Return the running, sample-weighted mean "
            "of the batch losses seen during the epoch.",
            "각 에폭 후의 데이터 전체 손실입니다. 에폭 동안 본 배치 손실의 샘플 가중 평균을 반환하세요.")),
    ]
    m = first_mistake(got, candidates)
    if m is not None:
        raise report(call, _floats(expected), _floats(got), m.why, IDEA_LOSSES, m.id)
    m = first_mistake(got, _mistakes(s, lambda options: lambda g: _same_list(
        g, _weighted(s.reference(**options)[1], n), rtol=1e-3)))
    if m is not None:
        raise report(call, _floats(expected), _floats(got),
                     Text("The training itself differs. ", "학습 자체가 다릅니다. ") + m.why, IDEA, m.id)
    numbers = isinstance(got, list) and len(got) == len(expected) and all(type(v) in (int, float) for v in got)
    if numbers and len(got) > 1 and max(got) - min(got) <= 1e-6 * max(abs(v) for v in got):
        raise report(call, _floats(expected), _floats(got), Text(
            "The same loss every epoch: the parameters never moved (is optimizer.step() called after "
            "loss.backward(), with no zero_grad() between them?).",
            "에폭마다 손실이 같습니다: 파라미터가 전혀 움직이지 않았습니다(optimizer.step()을 loss.backward() "
            "다음에, 그 사이에 zero_grad() 없이 호출하나요?)."), IDEA_ORDER, mistake="parameters_never_moved")
    if numbers:
        i = next(i for i, (v, e) in enumerate(zip(got, expected))
                 if not math.isclose(v, e, rel_tol=1e-4, abs_tol=1e-6))
        raise report(call, _floats(expected), _floats(got), Text(
            f"Epoch {i} differs: expected {expected[i]:.6g}, got {got[i]:.6g}.",
            f"{i}번째 에폭이 다릅니다: 기대 {expected[i]:.6g}, 받은 값 {got[i]:.6g}."), IDEA_LOSSES)
    raise report(call, _floats(expected), _floats(got), Text(
        f"Expected a list of {len(expected)} Python floats.",
        f"Python float {len(expected)}개의 리스트가 와야 합니다."), IDEA_LOSSES)


# ------------------------------------------------------------------ checks
@check("returns_floats", points=1, timeout=TIMEOUT)
def test_returns_floats(sub):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy")
    _, got, _ = s.run(sub)
    call = s.describe() + ", the returned value"
    expected = f"a list of {s.epochs} Python floats"
    if not isinstance(got, list):
        raise report(call, expected, got, Text(
            f"Expected a list with one float per epoch, got a {type(got).__name__}.",
            f"에폭마다 float 하나인 리스트가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다."), IDEA_LOSSES)
    tensors = [v for v in got if isinstance(v, torch.Tensor)]
    if tensors:
        graph = any(t.requires_grad for t in tensors)
        raise report(call, expected, got, Text(
            "The list holds tensors, not Python floats" + (
                ", and they still require grad: each one keeps its whole autograd graph (and the batch) alive "
                "in memory for as long as the list lives" if graph else "") +
            ". Accumulate loss.item() (a float) instead of loss.",
            "리스트에 Python float가 아니라 텐서가 들어 있습니다" + (
                ". 게다가 아직 grad를 요구해서, 리스트가 살아 있는 동안 각 텐서가 autograd 그래프 전체(와 배치)를 "
                "메모리에 붙잡아 둡니다" if graph else "") +
            ". loss 대신 loss.item()(float)을 누적하세요."), IDEA_LOSSES, mistake="returns_tensors")
    if len(got) != s.epochs:
        raise report(call, expected, got, Text(
            f"Expected {s.epochs} values (one per epoch), got {len(got)}"
            + (": one value per batch instead of one per epoch?" if len(got) == _updates(s) else "."),
            f"값이 {s.epochs}개(에폭마다 하나) 와야 하는데 {len(got)}개가 왔습니다"
            + (": 에폭마다 하나가 아니라 배치마다 하나?" if len(got) == _updates(s) else ".")), IDEA_LOSSES)
    bad = [v for v in got if type(v) is not float]
    if bad and numpy_scalar(bad[0], "float") is not None:
        raise report(call, expected, got, numpy_scalar(bad[0], "float"), IDEA_LOSSES, mistake="numpy_scalars")
    if bad:
        raise report(call, expected, got, Text(
            f"Every item should be a Python float; found a {type(bad[0]).__name__}.",
            f"모든 항목은 Python float이어야 하는데 {type(bad[0]).__name__}{i_ga(type(bad[0]).__name__)} 있습니다."), IDEA_LOSSES)


@check("epoch_losses", points=2, cuda=True, timeout=TIMEOUT)
def test_epoch_losses(sub, device):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy", device=device)
    _, got, _ = s.run(sub)
    _expect_losses(s, got)


@check("parameters_after_training", points=3, cuda=True, timeout=TIMEOUT)
def test_parameters(sub, device):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy", device=device)
    _, _, after = s.run(sub)
    expected = s.reference()[0]
    got = _state_of(after, s)
    if isinstance(got, dict):
        wrong_device = [k for k, v in got.items() if isinstance(v, torch.Tensor) and v.device.type != device]
        if wrong_device:
            raise fail(f"{s.describe()}: after training, model.state_dict()['{wrong_device[0]}'] is on "
                       f"{got[wrong_device[0]].device.type}, not {device}. Train the model where it is: do not move "
                       "it, and index X and y on their own device.",
                       f"{s.describe()}: 학습 후 model.state_dict()['{wrong_device[0]}']가 {device}가 아니라 "
                       f"{got[wrong_device[0]].device.type}에 있습니다. 모델을 있는 곳에서 학습하세요: 옮기지 말고, "
                       "X와 y는 그들의 장치에서 인덱싱하세요.", mistake="model_moved_device")
    _expect_state(s, after, expected)


@check("call_order", points=2, timeout=TIMEOUT)
def test_call_order(sub):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy")
    r, _, _ = s.run(sub)
    seq = _events(r)
    call = s.describe() + ", the calls it made, in order"
    expected = " -> ".join(["zero_grad", "backward", "step"] * 2) + " -> …"
    if "step" not in seq or "backward" not in seq:
        missing = "optimizer.step()" if "step" not in seq else "loss.backward()"
        raise report(call, expected, _show_seq(seq) or "(none)", Text(
            f"{missing} was never called. Use torch.optim.SGD(model.parameters(), lr=lr): "
            "loss.backward() computes the gradients and optimizer.step() applies them.",
            f"{missing}{eul_reul(missing)} 한 번도 호출하지 않았습니다. torch.optim.SGD(model.parameters(), lr=lr)를 쓰세요: "
            "loss.backward()가 기울기를 계산하고 optimizer.step()이 그것을 적용합니다."), IDEA_ORDER,
            mistake="step_or_backward_missing")
    problem = _protocol_problem(seq)
    if problem is not None:
        at, why, mistake = problem
        raise report(call, expected, _show_seq(seq, at), Text(
            f"Call {at} (in brackets) is out of order: ", f"{at}번째 호출(괄호 안)의 순서가 틀렸습니다: ") + why,
            IDEA_ORDER, mistake)


@check("updates_per_epoch", points=1, timeout=TIMEOUT)
def test_updates(sub):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy")
    r, _, _ = s.run(sub)
    steps = _events(r).count("step")
    n, b = s.X.shape[0], s.batch_size
    per_epoch = math.ceil(n / b)
    if steps != _updates(s):
        if steps == s.epochs * (n // b):
            mistake = "drop_last"
            why = Text(f"That is {n // b} per epoch: the last batch of {n % b} samples was dropped. "
                       "range(0, N, batch_size) keeps it; range(N // batch_size) does not.",
                       f"에폭마다 {n // b}번입니다: {n % b}개 샘플의 마지막 배치를 버렸습니다. "
                       "range(0, N, batch_size)는 그것을 남기고, range(N // batch_size)는 버립니다.")
        elif steps > _updates(s):
            mistake = "too_many_steps"
            why = Text("More updates than batches: an extra (empty or repeated) batch per epoch, or more than one "
                       "step per batch.",
                       "배치보다 업데이트가 많습니다: 에폭마다 (비었거나 반복된) 배치가 하나 더 있거나, 배치마다 "
                       "step을 두 번 이상 했습니다.")
        else:
            mistake = "too_few_steps"
            why = Text("Fewer updates than batches: call optimizer.step() once for every batch.",
                       "배치보다 업데이트가 적습니다: 배치마다 optimizer.step()을 한 번씩 호출하세요.")
        raise report(s.describe() + ", the number of optimizer.step() calls",
                     f"{_updates(s)} ({s.epochs} epochs x ceil({n} / {b}) = {per_epoch} batches)", steps, why, IDEA,
                     mistake)


def _no_eval_and_readable(r, after, call: str, idea: Text) -> None:
    """Fail when train() switched the model to eval mode, or the model cannot be read back."""
    if any(e.endswith("Module.eval") for e in r.events):
        raise fail(
            f"{call}: model.eval() was called during train(). In eval mode Dropout does nothing, so the model "
            f"trains without it.\n  Revisit: {idea.en}",
            f"{call}: train() 안에서 model.eval()을 호출했습니다. eval 모드에서는 Dropout이 아무것도 하지 않아서 "
            f"Dropout 없이 학습됩니다.\n  다시 볼 개념: {idea.ko}", mistake="calls_eval")
    if not isinstance(after, ModuleState):
        raise fail(f"{call}: the model could not be read back after training.",
                   f"{call}: 학습 후 모델을 다시 읽을 수 없습니다.")


def _expect_moved(s, after, call, idea):
    """The parameters moved from where they started: the point of a property check is for a loop that trains
    and keeps the property, never for one that trains nothing."""
    if isinstance(after, ModuleState) and _same_state(after.state, s.state, rtol=0, atol=0):
        raise fail(f"{call}: the parameters are exactly where they started: nothing was trained.\n"
                   f"  Revisit: {idea.en}",
                   f"{call}: 파라미터가 처음 그대로입니다: 아무것도 학습하지 않았습니다.\n  다시 볼 개념: {idea.ko}",
                   mistake="parameters_never_moved")


def _modes_off(after) -> tuple[str, str]:
    """Which modules of the model are in eval mode, as the subject of a sentence (en with its verb, ko with
    its particle): "the model is", "layers 0, 2 are"."""
    layers = [name for name, mode in after.modes.items() if not mode and name]
    if not after.training or any(not mode for name, mode in after.modes.items() if not name):
        if layers:
            return f"the model and its layers {', '.join(layers)} are", josa(f"모델과 레이어 {', '.join(layers)}", "이/가")
        return "the model is", "모델이"
    return f"layer{'s' if len(layers) > 1 else ''} {', '.join(layers)} {'are' if len(layers) > 1 else 'is'}", \
        josa(f"레이어 {', '.join(layers)}", "이/가")


@check("dropout_train_mode", points=2, timeout=TIMEOUT)
def test_dropout_train_mode(sub):
    X, y, state = _classification(seed=SEED + 2, layers=DROPOUT_MLP)
    s = Setup(DROPOUT_MLP, state, X, y, "cross_entropy", data_seed=SEED + 2)
    r, _, after = s.run(sub)
    call = s.describe()
    idea = Text("model.train() turns Dropout on (a fresh random mask for every batch); model.eval() turns it off. "
                "Training happens in train mode, from the first batch to the last.",
                "model.train()은 Dropout을 켜고(배치마다 새 무작위 마스크), model.eval()은 끕니다. 학습은 첫 배치부터 "
                "마지막 배치까지 train 모드에서 합니다.")
    _no_eval_and_readable(r, after, call, idea)
    if any(not mode for mode in after.modes.values()) or not after.training:
        en, ko = _modes_off(after)
        raise fail(
            f"{call}: after training, {en} in eval mode (training=False), e.g. from model.train(False). Keep "
            f"the model in train mode.\n  Revisit: {idea.en}",
            f"{call}: 학습 후 {ko} eval 모드(training=False)입니다. 예: model.train(False). 모델을 train 모드로 "
            f"두세요.\n  다시 볼 개념: {idea.ko}", mistake="left_in_eval_mode")
    _expect_moved(s, after, call, idea)
    without_dropout = s.reference(eval_mode=True)[0]
    if _same_state(after.state, without_dropout, rtol=1e-6, atol=1e-7):
        raise fail(
            f"{call}: the trained parameters are exactly those of training with Dropout switched off: the model "
            f"was not in train mode while it trained.\n  Revisit: {idea.en}",
            f"{call}: 학습된 파라미터가 Dropout을 끈 채 학습한 결과와 정확히 같습니다: 학습하는 동안 모델이 "
            f"train 모드가 아니었습니다.\n  다시 볼 개념: {idea.ko}", mistake="trained_in_eval_mode")


@check("uses_seed", points=1, timeout=TIMEOUT)
def test_uses_seed(sub):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy", seed=7)
    _, _, after = s.run(sub)
    _expect_state(s, after, s.reference()[0])


@check("mse_regression", points=1, timeout=TIMEOUT)
def test_mse_regression(sub):
    X, y, state = _regression()
    s = Setup([["linear", 3, 1]], state, X, y, "mse", epochs=4, lr=0.05, batch_size=10, seed=3,
              label="regression (y of shape (45, 1))", data_seed=SEED + 1)
    _, got, after = s.run(sub)
    _expect_state(s, after, s.reference()[0])
    _expect_losses(s, got)


@check("same_seed_same_result", points=1, timeout=TIMEOUT)
def test_same_seed_same_result(sub):
    X, y, state = _classification()
    s = Setup(MLP, state, X, y, "cross_entropy", seed=5)
    _, _, first = s.run(sub)
    _, _, second = s.run(sub)
    a, b = _state_of(first, s), _state_of(second, s)
    if not _same_state(a, b, rtol=1e-6, atol=1e-7):
        idea = Text("g = torch.Generator().manual_seed(seed) once, then torch.randperm(N, generator=g) every epoch: "
                    "the order depends on seed alone.",
                    "g = torch.Generator().manual_seed(seed)를 한 번 만들고, 에폭마다 torch.randperm(N, generator=g): "
                    "순서는 seed에만 달려 있습니다.")
        raise fail(
            f"{s.describe()}, called twice: the two runs with the same seed trained different models.\n"
            "  The order did not come from the seeded generator g: torch.randperm(N) without generator=g (or "
            "random.shuffle / np.random.permutation without a seed) draws from a global random state that moves "
            "on between calls. Pass generator=g to torch.randperm.\n"
            f"  Revisit: {idea.en}",
            f"{s.describe()}를 두 번 호출했더니 같은 seed의 두 실행이 서로 다른 모델을 학습했습니다.\n"
            "  순서가 시드한 생성기 g에서 나오지 않았습니다: generator=g 없는 torch.randperm(N)(또는 시드 없는 "
            "random.shuffle / np.random.permutation)은 호출마다 계속 바뀌는 전역 난수 상태에서 뽑습니다. "
            "torch.randperm에 generator=g를 넘기세요.\n"
            f"  다시 볼 개념: {idea.ko}", mistake="unseeded_order")
    _expect_moved(s, first, s.describe(), IDEA)


@check("train_mode_from_eval", points=1, timeout=TIMEOUT)
def test_train_mode_from_eval(sub):
    X, y, state = _classification(seed=SEED + 2, layers=DROPOUT_MLP)
    s = Setup(DROPOUT_MLP, state, X, y, "cross_entropy", data_seed=SEED + 2, training=False)
    r, _, after = s.run(sub)
    call = s.describe()
    idea = Text("call model.train() at the start of train: a model can arrive in eval mode (e.g. after an "
                "evaluation), and Dropout must be active while it trains.",
                "train을 시작할 때 model.train()을 호출하세요: 모델은 (예를 들어 평가 뒤에) eval 모드로 올 수 있고, "
                "학습하는 동안에는 Dropout이 켜져 있어야 합니다.")
    _no_eval_and_readable(r, after, call, idea)
    off = [name for name, mode in after.modes.items() if not mode]
    trains = any(e.endswith("Module.train") for e in r.events)
    if off or not after.training or _same_state(after.state, s.reference(eval_mode=True)[0], rtol=1e-6, atol=1e-7):
        if not trains:
            mistake = "never_calls_train"
            never = Text("model.train() was never called: the model came in eval mode and trained in eval mode, "
                         "with Dropout switched off. ",
                         "model.train()을 한 번도 호출하지 않았습니다: 모델이 eval 모드로 와서 eval 모드 그대로, "
                         "Dropout이 꺼진 채 학습했습니다. ")
        else:
            mistake = "trained_in_eval_mode"
            never = Text("The model trained (at least partly) in eval mode, with Dropout switched off. ",
                         "모델이 (적어도 일부는) eval 모드에서 Dropout이 꺼진 채 학습했습니다. ")
        seen = Text(f"after training, {_modes_off(after)[0]} in eval mode (training=False). ",
                    f"학습 후 {_modes_off(after)[1]} eval 모드(training=False)입니다. ") \
            if off or not after.training else Text(
                "the trained parameters are exactly those of training with Dropout switched off. ",
                "학습된 파라미터가 Dropout을 끈 채 학습한 결과와 정확히 같습니다. ")
        raise fail(
            f"{call}: {seen.en}{never.en}Call model.train() before the first batch.\n  Revisit: {idea.en}",
            f"{call}: {seen.ko}{never.ko}첫 배치 전에 model.train()을 호출하세요.\n  다시 볼 개념: {idea.ko}",
            mistake)
