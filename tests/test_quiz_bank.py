"""The quiz bank: every answer key recomputed independently (torch, autograd, DataLoader, nn layers)
for several seeds, every text in English and Korean, variants per learner."""

import hashlib
import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from grader import catalog
from grader.quiz import list_quizzes, make_variant, quiz_seed, variant_for
from grader.quiz.answers import normalize_short

QUIZZES = list_quizzes()
SEEDS = [0, 1, 2, 7, 12345, 2**47 + 3, quiz_seed("alice", "x"), quiz_seed("박지민", "y")]


def n_params(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def batches(n, b, drop_last=False) -> list[int]:
    """Batch sizes of one epoch, as torch's DataLoader makes them."""
    return [len(batch) for batch in DataLoader(range(n), batch_size=b, drop_last=drop_last)]


def grad_at(f, *point) -> list[float]:
    xs = [torch.tensor(float(p), dtype=torch.float64, requires_grad=True) for p in point]
    f(*xs).backward()
    return [x.grad.item() for x in xs]


def gd_on_square(w0, lr, steps, a=1.0) -> float:
    w = torch.tensor(float(w0), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
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
