"""The quiz bank: every answer key recomputed independently (torch, autograd, DataLoader, nn layers)
for several seeds, every text in English and Korean, variants per learner."""

import hashlib
import math
import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from grader import catalog
from grader.checks import Outcome
from grader.i18n import Text
from grader.quiz import list_quizzes, make_variant, quiz_seed, variant_for
from grader.quiz.answers import normalize_short
from grader.quiz.grading import grade_question

QUIZZES = list_quizzes()
SEEDS = [0, 1, 2, 7, 12345, 2**47 + 3, quiz_seed("alice", "x"), quiz_seed("박지민", "y")]


def test_every_quiz_of_the_bank_builds_for_many_seeds_and_shows_each_of_its_mistakes():
    from grader.quiz.bank import load_quizzes
    assert [q.id for q in load_quizzes.__wrapped__(check_variants=True)] == [q.id for q in QUIZZES]


def n_params(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def batches(n, b, drop_last=False) -> list[int]:
    """Batch sizes of one epoch, as torch's DataLoader makes them."""
    return [len(batch) for batch in DataLoader(range(n), batch_size=b, drop_last=drop_last)]


def grad_at(f, *point) -> list[float]:
    xs = [torch.tensor(float(p), dtype=torch.float64, requires_grad=True) for p in point]
    f(*xs).backward()
    return [x.grad.item() for x in xs]


def gd_on_square(w0, lr, steps, a=1.0, maximize=False) -> float:
    w = torch.tensor(float(w0), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, maximize=maximize)
    for _ in range(steps):
        opt.zero_grad()
        (a * w ** 2).backward()
        opt.step()
    return w.item()


def conv_out(h, k, s, p) -> int:
    return nn.Conv2d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, h, h)).shape[-1]


def meta_conv(c_in, c_out, k):
    return nn.Conv2d(c_in, c_out, k, bias=False, device="meta")


def diverge_threshold_holds(v, t) -> bool:
    """Just below t gradient descent on a·w² shrinks w; just above it, w grows."""
    return abs(gd_on_square(1, t * 0.98, 200, v["a"])) < 1e-3 and abs(gd_on_square(1, t * 1.02, 200, v["a"])) > 1e3


def sm(*xs):
    return torch.softmax(torch.tensor(xs, dtype=torch.float64), 0)


def one_hot(i, c):
    return F.one_hot(torch.tensor(i), c).double()


# (quiz, question) -> the answer, computed without the bank's formula
NUMERIC = {
    ("params_vs_hyper", "linear_param_count"): lambda v: n_params(nn.Linear(v["d"], v["p"])),
    ("params_vs_hyper", "mlp_param_count"): lambda v: n_params(nn.Linear(v["d"], v["h"]), nn.Linear(v["h"], v["p"])),
    ("epoch_batch_iteration", "iterations_3000_64"): lambda v: len(batches(3000, 64)),
    ("epoch_batch_iteration", "updates_per_epoch"): lambda v: len(batches(v["n"], v["batch"], v["drop_last"])),
    ("epoch_batch_iteration", "total_updates"): lambda v: v["epochs"] * len(batches(v["n"], v["batch"])),
    ("epoch_batch_iteration", "last_batch_size"): lambda v: batches(v["n"], v["batch"])[-1],
    ("epoch_batch_iteration", "chunked_dataset"): lambda v: len(range(0, v["total"], v["chunk"])),
    ("gd_vs_sgd", "minutes_saved"): lambda v: v["gd_steps"] * v["gd_hours"] * 60 - v["sgd_steps"] * v["sgd_min"],
    ("gd_vs_sgd", "time_ratio"): lambda v: (v["gd_steps"] * v["gd_hours"] * 60) / (v["sgd_steps"] * v["sgd_min"]),
    ("gd_vs_sgd", "extra_updates"): lambda v: len(batches(v["n"], v["b"])) - 1,
    ("why_nonlinear", "three_weights"): lambda v: grad_at(lambda x: v["w3"] * (v["w2"] * (v["w1"] * x)), 0.7)[0],
    ("why_nonlinear", "with_biases"): lambda v: v["w2"] * (v["w1"] * 0 + v["b1"]) + v["b2"],
    ("why_nonlinear", "relu_breaks"): lambda v: v["w2"] * torch.relu(torch.tensor(v["w1"] * v["x"])).item(),
    ("softmax_properties", "softmax_120"): lambda v: sm(1, 2, 0).max().item(),
    ("softmax_properties", "softmax_entry"): lambda v: sm(v["a"], v["b"], v["c"])[0].item(),
    ("softmax_properties", "after_max_shift"): lambda v: (torch.tensor([v["a"], v["b"], v["c"]])
                                                          - torch.tensor([v["a"], v["b"], v["c"]]).max()).min().item(),
    ("losses_and_outputs", "bce_value"): lambda v: F.binary_cross_entropy(
        torch.tensor([v["p"]], dtype=torch.float64), torch.tensor([float(v["y"])], dtype=torch.float64)).item(),
    ("losses_and_outputs", "mse_value"): lambda v: F.mse_loss(
        torch.tensor([v["a"], v["b"]], dtype=torch.float64), torch.tensor([v["c"], v["d"]], dtype=torch.float64)
    ).item(),
    ("one_hot_vectors", "distance"): lambda v: torch.dist(one_hot(v["i"], v["c"]), one_hot(v["j"], v["c"])).item(),
    ("one_hot_vectors", "tensor_size"): lambda v: F.one_hot(torch.zeros(v["n"], dtype=torch.long), v["c"]).numel(),
    ("one_hot_vectors", "ones_count"): lambda v: F.one_hot(torch.arange(v["n"]) % v["c"], v["c"]).sum().item(),
    ("one_hot_vectors", "dot_product"): lambda v: (one_hot(v["i"], v["c"]) @ one_hot(v["j"], v["c"])).item(),
    ("derivatives_chain_rule", "cubic_at_3_5"): lambda v: grad_at(lambda x: (x - 1) * (x - 2) * (x - 3), 3.5)[0],
    ("derivatives_chain_rule", "cubic_at_x"): lambda v: grad_at(lambda x: (x - 1) * (x - 2) * (x - 3), v["x0"])[0],
    ("derivatives_chain_rule", "square_of_sum_dx"): lambda v: grad_at(lambda x, y: (x + y) ** 2, v["x"], v["y"])[0],
    ("derivatives_chain_rule", "nested_chain"): lambda v: grad_at(lambda x: (v["a"] * x + v["b"]) ** 3, v["x"])[0],
    ("training_vs_inference", "activation_memory"): lambda v: sum([v["mb"]] * v["b"]),
    ("learning_rate", "one_step"): lambda v: gd_on_square(v["w0"], v["lr"], 1),
    ("learning_rate", "after_k_steps"): lambda v: gd_on_square(v["w0"], v["lr"], v["k"]),
    ("cnn_families", "conv_output_size"): lambda v: conv_out(v["h"], v["k"], v["s"], v["p"]),
    ("cnn_families", "vgg_weights"): lambda v: n_params(meta_conv(v["c"], v["c"], 3), meta_conv(v["c"], v["c"], 3)),
    ("cnn_families", "bottleneck_weights"): lambda v: n_params(
        meta_conv(v["c"], v["r"], 1), meta_conv(v["r"], v["r"], 3), meta_conv(v["r"], v["c"], 1)),
    ("cnn_families", "resnet_depth"): lambda v: 152,
}
# answers checked by a property rather than a value
CHECKED_BY = {("learning_rate", "diverge_threshold"): diverge_threshold_holds}

# (quiz, question) -> ids of the correct options
CHOICES = {
    ("params_vs_hyper", "which_are_parameters"): {"weight", "bias"},
    ("params_vs_hyper", "momentum_kind"): {"hyper"},
    ("params_vs_hyper", "hidden_size_change"): {"hyper"},
    ("gd_vs_sgd", "which_uses_all_data"): {"gd"},
    ("gd_vs_sgd", "sgd_statements"): {"cheaper", "noisy", "more_updates"},
    ("why_nonlinear", "deep_linear_stack"): {"one_layer"},
    ("why_nonlinear", "which_nonlinear"): {"relu", "sigmoid", "tanh"},
    ("softmax_properties", "properties"): {"sums_to_one", "open_interval", "shift", "order"},
    ("softmax_properties", "why_subtract_max"): {"overflow"},
    ("losses_and_outputs", "regression"): {"identity_mse"},
    ("losses_and_outputs", "binary"): {"sigmoid_bce"},
    ("losses_and_outputs", "multiclass"): {"softmax_ce"},
    ("losses_and_outputs", "ce_contains_softmax"): {"no"},
    ("one_hot_vectors", "why_one_hot"): {"equal"},
    ("derivatives_chain_rule", "chain_rule_form"): {"chain"},
    ("training_vs_inference", "why_memory"): {"keep_forward"},
    ("training_vs_inference", "inference_weights"): {"unchanged"},
    ("training_vs_inference", "training_only"): {"zero_grad", "backward", "step"},
    ("learning_rate", "too_large"): {"lr_large"},
    ("learning_rate", "too_small"): {"lr_small"},
    ("cnn_families", "two_gpus"): {"alexnet"},
    ("cnn_families", "vgg_kernels"): {"only_3x3"},
    ("cnn_families", "inception_branches"): {"conv1", "conv3", "conv5", "maxpool"},
}

# (quiz, question) -> (answers that must be accepted, answers that must be refused)
SHORT = {
    ("params_vs_hyper", "lr_keyword"): lambda v: (["lr", " LR ", "learning rate"], ["momentum", "model.parameters()"]),
    ("epoch_batch_iteration", "batch_shape"): lambda v: (
        [f"({v['b']}, {v['f']})", f"torch.Size([{v['b']}, {v['f']}])", f"{v['b']}×{v['f']}"],
        [f"({v['f']}, {v['b']})", f"(3000, {v['f']})"]),
    ("softmax_properties", "exp_overflow"): lambda v: (["inf", "Inf", "tensor(inf)", "∞"], ["nan", "0", "1000"]),
    ("training_vs_inference", "loop_order"): lambda v: (
        ["zero_grad, backward, step", "optimizer.zero_grad() → loss.backward() → optimizer.step()",
         "zero_grad -> backward -> step"], ["backward, zero_grad, step", "step, backward, zero_grad"]),
    ("training_vs_inference", "eval_method"): lambda v: (["eval", "model.eval()", ".eval()"], ["train", "no_grad"]),
    ("cnn_families", "bottleneck_order"): lambda v: (["1x1, 3x3, 1x1", "1×1 → 3×3 → 1×1", "1x1-3x3-1x1"],
                                                       ["3x3, 3x3", "1x1, 1x1, 3x3", "3x3, 1x1, 3x3"]),
}


def cubic(x):
    return (x - 1) * (x - 2) * (x - 3)


def conv_out_one_side(h, k, s, p) -> int:
    """A convolution whose padding is added on the left and top only."""
    x = F.pad(torch.zeros(1, 1, h, h), (p, 0, p, 0))
    return nn.Conv2d(1, 1, k, stride=s)(x).shape[-1]


def convs(*specs, bias=False):
    return [nn.Conv2d(i, o, k, bias=bias, device="meta") for i, o, k in specs]


def tensor3(v):
    return torch.tensor([v["a"], v["b"], v["c"]], dtype=torch.float64)


def bce(v, y):
    return F.binary_cross_entropy(torch.tensor([v["p"]], dtype=torch.float64),
                                  torch.tensor([float(y)], dtype=torch.float64)).item()


# (quiz, question, the mistake's answer as written in the bank) -> the mistaken value, computed the
# way the misconception would compute it (not with the bank's formula)
MISTAKES = {
    ("params_vs_hyper", "linear_param_count", "d * p"): lambda v: n_params(nn.Linear(v["d"], v["p"], bias=False)),
    ("params_vs_hyper", "linear_param_count", "d * p + d"): lambda v: nn.Linear(v["d"], v["p"]).weight.numel() + v["d"],
    ("params_vs_hyper", "mlp_param_count", "d * h + h * p"): lambda v: n_params(
        nn.Linear(v["d"], v["h"], bias=False), nn.Linear(v["h"], v["p"], bias=False)),
    ("params_vs_hyper", "mlp_param_count", "d * h + h"): lambda v: n_params(nn.Linear(v["d"], v["h"])),
    ("params_vs_hyper", "mlp_param_count", "h * p + p"): lambda v: n_params(nn.Linear(v["h"], v["p"])),
    ("epoch_batch_iteration", "iterations_3000_64", "3000 // 64"): lambda v: len(batches(3000, 64, True)),
    ("epoch_batch_iteration", "iterations_3000_64", "3000 / 64"): lambda v: sum(batches(3000, 64)) / 64,
    ("epoch_batch_iteration", "updates_per_epoch", "n // batch"): lambda v: len(batches(v["n"], v["batch"], True)),
    ("epoch_batch_iteration", "updates_per_epoch", "ceil(n / batch)"): lambda v: len(batches(v["n"], v["batch"])),
    ("epoch_batch_iteration", "updates_per_epoch", "n / batch"): lambda v: sum(batches(v["n"], v["batch"])) / v["batch"],
    ("epoch_batch_iteration", "total_updates", "ceil(n * epochs / batch)"):   # all epochs as one stream
        lambda v: len(batches(v["n"] * v["epochs"], v["batch"])),
    ("epoch_batch_iteration", "total_updates", "(n // batch) * epochs"):
        lambda v: v["epochs"] * len(batches(v["n"], v["batch"], True)),
    ("epoch_batch_iteration", "last_batch_size", "batch"): lambda v: batches(v["n"], v["batch"])[0],
    ("epoch_batch_iteration", "last_batch_size", "n / batch - n // batch"):
        lambda v: batches(v["n"], v["batch"])[-1] / v["batch"],
    ("epoch_batch_iteration", "chunked_dataset", "total // chunk"):
        lambda v: sum(1 for start in range(0, v["total"], v["chunk"]) if start + v["chunk"] <= v["total"]),
    ("epoch_batch_iteration", "chunked_dataset", "total / chunk"): lambda v: v["total"] / v["chunk"],
    ("gd_vs_sgd", "minutes_saved", "gd_hours * gd_steps - sgd_min * sgd_steps"):   # hours minus minutes
        lambda v: v["gd_steps"] * v["gd_hours"] - v["sgd_steps"] * v["sgd_min"],
    ("gd_vs_sgd", "minutes_saved", "gd_hours * 60 - sgd_min"): lambda v: 60 * v["gd_hours"] - v["sgd_min"],
    ("gd_vs_sgd", "time_ratio", "sgd_total / gd_total"): lambda v: 1 / NUMERIC[("gd_vs_sgd", "time_ratio")](v),
    ("gd_vs_sgd", "time_ratio", "(gd_hours * gd_steps) / (sgd_min * sgd_steps)"):
        lambda v: (v["gd_steps"] * v["gd_hours"]) / (v["sgd_steps"] * v["sgd_min"]),
    ("gd_vs_sgd", "time_ratio", "(gd_hours * 60) / sgd_min"): lambda v: 60 * v["gd_hours"] / v["sgd_min"],
    ("gd_vs_sgd", "extra_updates", "ceil(n / b)"): lambda v: len(batches(v["n"], v["b"])),
    ("gd_vs_sgd", "extra_updates", "n // b - 1"): lambda v: len(batches(v["n"], v["b"], True)) - 1,
    ("why_nonlinear", "three_weights", "w1 + w2 + w3"): lambda v: v["w1"] + v["w2"] + v["w3"],
    ("why_nonlinear", "with_biases", "b1 + b2"): lambda v: v["b1"] + v["b2"],
    ("why_nonlinear", "with_biases", "w1 * w2"):   # the slope k of the stack
        lambda v: grad_at(lambda x: v["w2"] * (v["w1"] * x + v["b1"]) + v["b2"], 0.3)[0],
    ("why_nonlinear", "relu_breaks", "w2 * w1 * x"): lambda v: v["w2"] * (v["w1"] * v["x"]),
    ("why_nonlinear", "relu_breaks", "max(0, w2 * w1 * x)"):
        lambda v: torch.relu(torch.tensor(float(v["w2"] * v["w1"] * v["x"]))).item(),
    ("softmax_properties", "softmax_120", "2 / (1 + 2 + 0)"):
        lambda v: (torch.tensor([1.0, 2.0, 0.0], dtype=torch.float64) / 3).max().item(),   # inputs / their sum
    ("softmax_properties", "softmax_120", "exp(2)"): lambda v: torch.exp(torch.tensor([1.0, 2.0, 0.0],
                                                                                      dtype=torch.float64)).max().item(),
    ("softmax_properties", "softmax_entry", "exp(a)"): lambda v: math.exp(v["a"]),
    ("softmax_properties", "softmax_entry", "exp(a) / (exp(b) + exp(c))"):
        lambda v: (torch.exp(tensor3(v))[0] / torch.exp(tensor3(v))[1:].sum()).item(),
    ("softmax_properties", "after_max_shift", "0"): lambda v: (tensor3(v) - tensor3(v).max()).max().item(),
    ("softmax_properties", "after_max_shift", "max(a, b, c) - min(a, b, c)"):
        lambda v: (tensor3(v) - tensor3(v).min()).max().item(),
    ("softmax_properties", "after_max_shift", "min(a, b, c)"): lambda v: tensor3(v).min().item(),
    ("losses_and_outputs", "bce_value", "-(y * log(1 - p) + (1 - y) * log(p))"): lambda v: bce(v, 1 - v["y"]),
    ("losses_and_outputs", "bce_value", "-(y * log(p, 10) + (1 - y) * log(1 - p, 10))"):
        lambda v: bce(v, v["y"]) / math.log(10),
    ("losses_and_outputs", "mse_value", "(a - c)**2 + (b - d)**2"): lambda v: F.mse_loss(
        torch.tensor([v["a"], v["b"]], dtype=torch.float64), torch.tensor([v["c"], v["d"]], dtype=torch.float64),
        reduction="sum").item(),
    ("losses_and_outputs", "mse_value", "(abs(a - c) + abs(b - d)) / 2"): lambda v: F.l1_loss(
        torch.tensor([v["a"], v["b"]], dtype=torch.float64), torch.tensor([v["c"], v["d"]], dtype=torch.float64)
    ).item(),
    ("one_hot_vectors", "distance", "2"): lambda v: (one_hot(v["i"], v["c"]) - one_hot(v["j"], v["c"])).abs().sum().item(),
    ("one_hot_vectors", "distance", "1"): lambda v: 1,
    ("one_hot_vectors", "distance", "abs(i - j)"): lambda v: abs(v["i"] - v["j"]),
    ("one_hot_vectors", "tensor_size", "n"): lambda v: F.one_hot(torch.zeros(v["n"], dtype=torch.long), v["c"]).shape[0],
    ("one_hot_vectors", "ones_count", "n * c"): lambda v: F.one_hot(torch.arange(v["n"]) % v["c"], v["c"]).numel(),
    ("one_hot_vectors", "ones_count", "c"): lambda v: F.one_hot(torch.arange(v["n"]) % v["c"], v["c"]).shape[1],
    ("derivatives_chain_rule", "cubic_at_3_5", "(3.5 - 1) * (3.5 - 2) * (3.5 - 3)"): lambda v: cubic(3.5),
    ("derivatives_chain_rule", "cubic_at_3_5", "1"):   # u′·v′·w′
        lambda v: math.prod(grad_at(lambda x, k=k: x - k, 3.5)[0] for k in (1, 2, 3)),
    ("derivatives_chain_rule", "cubic_at_x", "(x0 - 1) * (x0 - 2) * (x0 - 3)"): lambda v: cubic(v["x0"]),
    ("derivatives_chain_rule", "cubic_at_x", "1"):
        lambda v: math.prod(grad_at(lambda x, k=k: x - k, v["x0"])[0] for k in (1, 2, 3)),
    ("derivatives_chain_rule", "square_of_sum_dx", "2 * x"): lambda v: grad_at(lambda x: x ** 2, v["x"])[0],
    ("derivatives_chain_rule", "square_of_sum_dx", "(x + y)**2"): lambda v: (v["x"] + v["y"]) ** 2,
    ("derivatives_chain_rule", "nested_chain", "3 * (a * x + b)**2"):   # the outer derivative only
        lambda v: grad_at(lambda u: u ** 3, v["a"] * v["x"] + v["b"])[0],
    ("training_vs_inference", "activation_memory", "mb"): lambda v: v["mb"],
    ("learning_rate", "one_step", "w0 - lr * w0"): lambda v: gd_on_square(v["w0"], v["lr"], 1, a=0.5),  # f′ = w
    ("learning_rate", "one_step", "w0 + lr * 2 * w0"): lambda v: gd_on_square(v["w0"], v["lr"], 1, maximize=True),
    ("learning_rate", "after_k_steps", "w0 * (1 - lr)**k"): lambda v: gd_on_square(v["w0"], v["lr"], v["k"], a=0.5),
    ("learning_rate", "after_k_steps", "w0 * (1 - 2 * lr * k)"):   # the first step, taken k times
        lambda v: v["w0"] + v["k"] * (gd_on_square(v["w0"], v["lr"], 1) - v["w0"]),
    ("learning_rate", "diverge_threshold", "2 / a"): lambda v: 2 / v["a"],
    ("learning_rate", "diverge_threshold", "1 / (2 * a)"):   # the rate that lands on the minimum in one step
        lambda v: 1 / (2 * v["a"]),
    ("cnn_families", "conv_output_size", "floor((h + 2 * p - k) / s)"):
        lambda v: conv_out(v["h"], v["k"], v["s"], v["p"]) - 1,
    ("cnn_families", "conv_output_size", "floor((h - k) / s) + 1"): lambda v: conv_out(v["h"], v["k"], v["s"], 0),
    ("cnn_families", "conv_output_size", "floor((h + p - k) / s) + 1"):
        lambda v: conv_out_one_side(v["h"], v["k"], v["s"], v["p"]),
    ("cnn_families", "vgg_weights", "2 * 9 * c"):   # one 3×3 filter per channel (depthwise)
        lambda v: 2 * n_params(nn.Conv2d(v["c"], v["c"], 3, groups=v["c"], bias=False, device="meta")),
    ("cnn_families", "vgg_weights", "9 * c * c"): lambda v: n_params(meta_conv(v["c"], v["c"], 3)),
    ("cnn_families", "vgg_weights", "25 * c * c"): lambda v: n_params(meta_conv(v["c"], v["c"], 5)),
    ("cnn_families", "vgg_weights", "2 * (9 * c * c + c)"):
        lambda v: n_params(*convs((v["c"], v["c"], 3), (v["c"], v["c"], 3), bias=True)),
    ("cnn_families", "bottleneck_weights", "c * r + r * r + r * c"):
        lambda v: n_params(*convs((v["c"], v["r"], 1), (v["r"], v["r"], 1), (v["r"], v["c"], 1))),
    ("cnn_families", "bottleneck_weights", "9 * (c * r + r * r + r * c)"):
        lambda v: n_params(*convs((v["c"], v["r"], 3), (v["r"], v["r"], 3), (v["r"], v["c"], 3))),
    ("cnn_families", "bottleneck_weights", "c * r + 9 * r * r + r * c + r + r + c"):
        lambda v: n_params(*convs((v["c"], v["r"], 1), (v["r"], v["r"], 3), (v["r"], v["c"], 1), bias=True)),
    ("cnn_families", "resnet_depth", "50"): lambda v: 50,
    ("cnn_families", "resnet_depth", "101"): lambda v: 101,
    ("cnn_families", "resnet_depth", "1202"): lambda v: 1202,
}

ALL = [(quiz, q) for quiz in QUIZZES for q in quiz.questions]
IDS = [f"{quiz.id}.{q.id}" for quiz, q in ALL]


def test_every_curriculum_topic_has_a_quiz_and_ids_do_not_clash_with_exercises():
    ids = [q.id for q in QUIZZES]
    assert ids == ["params_vs_hyper", "epoch_batch_iteration", "gd_vs_sgd", "why_nonlinear",
                   "softmax_properties", "losses_and_outputs", "one_hot_vectors", "derivatives_chain_rule",
                   "training_vs_inference", "learning_rate", "cnn_families"]
    assert not set(ids) & {e.id for e in catalog.load_catalog()}
    assert all(3 <= len(q.questions) <= 8 for q in QUIZZES)
    kinds = {q.kind for _, q in ALL}
    assert kinds == {"single", "multiple", "numeric", "short"}


def test_every_question_has_an_independent_key():
    keyed = set(NUMERIC) | set(CHECKED_BY) | set(CHOICES) | set(SHORT)
    asked = {(quiz.id, q.id) for quiz, q in ALL}
    assert asked == keyed, f"missing keys: {asked - keyed}; stale keys: {keyed - asked}"


@pytest.mark.parametrize("quiz, question", ALL, ids=IDS)
def test_answer_key_recomputed_independently(quiz, question):
    key = (quiz.id, question.id)
    for seed in SEEDS:
        qv = make_variant(quiz, seed).question(question.id)
        v = dict(qv.values)
        if question.kind == "numeric":
            if key in CHECKED_BY:
                assert CHECKED_BY[key](v, qv.expected), f"seed {seed}: {v} -> {qv.expected}"
            else:
                want = NUMERIC[key](v)
                assert qv.expected == pytest.approx(want, rel=1e-9, abs=1e-9), f"seed {seed}: {v}"
        elif question.kind in ("single", "multiple"):
            chosen = {o.option.id for o in qv.options if o.key in set(qv.expected)}
            assert chosen == CHOICES[key], f"seed {seed}"
            assert sorted(o.option.id for o in qv.options) == sorted(o.id for o in question.options)
        else:
            accepted = {normalize_short(a, question.ignore) for a in qv.expected}
            good, bad = SHORT[key](v)
            assert all(normalize_short(g, question.ignore) in accepted for g in good), f"seed {seed}"
            assert not any(normalize_short(b, question.ignore) in accepted for b in bad), f"seed {seed}"



WITH_MISTAKES = [(quiz, q) for quiz, q in ALL if q.mistakes]
WITH_WHYS = [(quiz, q) for quiz, q in ALL if any(o.why for o in q.options)]


def test_the_bank_names_misconceptions():
    assert sum(len(q.mistakes) for _, q in ALL) >= 20
    assert sum(o.why is not None for _, q in ALL for o in q.options) >= 20
    assert len({quiz.id for quiz, _ in WITH_MISTAKES + WITH_WHYS}) == len(QUIZZES)


def test_every_mistake_has_an_independent_value():
    written = {(quiz.id, q.id, m.answer) for quiz, q in WITH_MISTAKES for m in q.mistakes}
    assert written == set(MISTAKES), f"missing: {written - set(MISTAKES)}; stale: {set(MISTAKES) - written}"


def assert_feedback_names(message, why, explanation):
    """``why`` comes right after "Your answer: … The answer: …" and before the explanation."""
    for lang in ("en", "ko"):
        text, part = message.get(lang), why.get(lang)
        assert part in text, f"{part!r} not in {text!r}"
        head = "The answer:" if lang == "en" else "정답:"
        assert text.index(head) < text.index(part) < text.rindex(explanation.get(lang))


@pytest.mark.parametrize("quiz, question", WITH_MISTAKES, ids=[f"{z.id}.{q.id}" for z, q in WITH_MISTAKES])
def test_typing_a_mistaken_value_names_the_misconception(quiz, question):
    seeds = SEEDS + [quiz_seed(f"learner{i}", quiz.id) for i in range(24)]
    shown_somewhere = set()
    for seed in seeds:
        qv = make_variant(quiz, seed).question(question.id)
        v = dict(qv.values)
        right = grade_question(qv, qv.expected)
        assert right.correct and not any(m.why.en in right.feedback.en for m in qv.mistakes)
        by_index = {m.index: m for m in qv.mistakes}
        for i, mistake in enumerate(question.mistakes):
            value = MISTAKES[(quiz.id, question.id, mistake.answer)](v)
            graded = grade_question(qv, value)
            if graded.correct:                      # the mistake gives the right answer here: not used
                assert i not in by_index, f"seed {seed}: {mistake.answer} = {value} is right"
                continue
            shown_somewhere.add(i)
            assert i in by_index, f"seed {seed}: {mistake.answer} = {value} is not recognised"
            assert by_index[i].value == pytest.approx(value, rel=1e-9, abs=1e-9)
            assert graded.outcome is Outcome.FAILED
            assert_feedback_names(graded.feedback, by_index[i].why, qv.explanation)
            typed = grade_question(qv, repr(float(value)))   # as typed text, the same
            assert not typed.correct and by_index[i].why.en in typed.feedback.en
            why = by_index[i].why
            assert not re.search(r"[{}]", why.en + why.ko), f"unfilled placeholder in {why}"
            assert HANGUL.search(why.ko) and not HANGUL.search(why.en), why
    assert shown_somewhere == set(range(len(question.mistakes))), "a mistake is never different from the answer"


@pytest.mark.parametrize("quiz, question", WITH_WHYS, ids=[f"{z.id}.{q.id}" for z, q in WITH_WHYS])
def test_choosing_a_wrong_option_names_the_misconception(quiz, question):
    assert not any(o.why for o in question.options if o.correct)
    for seed in SEEDS[:4]:
        qv = make_variant(quiz, seed).question(question.id)
        whys = [o.why for o in qv.options if o.why]
        right = grade_question(qv, qv.expected if qv.kind == "single" else ",".join(qv.expected))
        assert right.correct and not any(w.en in right.feedback.en or w.ko in right.feedback.ko for w in whys)
        for o in qv.options:
            if o.option.correct:
                continue
            if qv.kind == "single":
                graded = grade_question(qv, o.key)
                expected_why = o.why
            else:
                graded = grade_question(qv, ",".join(sorted(qv.expected | {o.key})))
                expected_why = o.why and Text(f"{o.key}) {o.why.en}", f"{o.key}) {o.why.ko}")
            assert graded.outcome is Outcome.FAILED
            others = [w for w in whys if w is not o.why]
            assert not any(w.en in graded.feedback.en for w in others), f"seed {seed}: another option's why"
            if expected_why is None:
                continue
            assert_feedback_names(graded.feedback, expected_why, qv.explanation)
            assert HANGUL.search(o.why.ko) and not HANGUL.search(o.why.en) and not re.search(r"[{}]", o.why.en)
        if qv.kind == "multiple":                    # every wrongly chosen option is explained
            wrong = [o for o in qv.options if not o.option.correct and o.why]
            graded = grade_question(qv, ",".join(o.key for o in wrong))
            for o in wrong:
                assert f"{o.key}) {o.why.en}" in graded.feedback.en and f"{o.key}) {o.why.ko}" in graded.feedback.ko


HANGUL = re.compile("[가-힣]")


@pytest.mark.parametrize("quiz", QUIZZES, ids=[q.id for q in QUIZZES])
def test_every_text_in_english_and_korean_with_no_leftover_placeholders(quiz):
    assert HANGUL.search(quiz.title.ko) and HANGUL.search(quiz.topic.ko)
    for seed in SEEDS[:4]:
        for qv in make_variant(quiz, seed).questions:
            for text in (qv.prompt, qv.explanation):
                assert text.en.strip() and HANGUL.search(text.ko), f"{qv.id}: {text}"
                assert not re.search(r"[{}]", text.en + text.ko), f"{qv.id}: unfilled placeholder in {text}"
                assert not HANGUL.search(text.en), f"{qv.id}: Korean in the English text"
            for o in qv.options:
                assert o.text.en.strip() and o.text.ko.strip()


def test_seed_is_sha256_of_learner_and_quiz_and_stable():
    digest = hashlib.sha256("learn-quiz\x00alice\x00gd_vs_sgd".encode()).digest()
    assert quiz_seed("alice", "gd_vs_sgd") == int.from_bytes(digest[:6], "big")
    assert quiz_seed("alice", "gd_vs_sgd") != quiz_seed("bob", "gd_vs_sgd") != quiz_seed("bob", "why_nonlinear")


@pytest.mark.parametrize("quiz", QUIZZES, ids=[q.id for q in QUIZZES])
def test_same_learner_same_variant_neighbours_differ(quiz):
    def fingerprint(learner):
        v = variant_for(quiz, learner)
        return [(dict(q.values), tuple(o.option.id for o in q.options)) for q in v.questions]
    assert fingerprint("alice") == fingerprint("alice")
    neighbours = {repr(fingerprint(f"learner{i}")) for i in range(8)}
    assert len(neighbours) >= 6
    for q in quiz.questions:
        if q.is_template:
            drawn = {repr(dict(variant_for(quiz, f"learner{i}").question(q.id).values)) for i in range(12)}
            assert len(drawn) >= 3, f"{q.id}: too few different variants"
