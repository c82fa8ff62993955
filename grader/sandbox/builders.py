"""Trusted recipes the child turns into live objects.

Only data crosses the wire, so a model, a loss function or a mathematical
function a check hands to learner code travels as a ``Build(kind, spec)`` and
is made here, inside the child, from this fixed registry. Exercises add
generic kinds (never one named after an exercise).
"""

from __future__ import annotations

from typing import Any, Callable

import torch
from torch import nn

BUILDERS: dict[str, Callable[[dict], Any]] = {}


def builder(kind: str):
    def register(fn):
        BUILDERS[kind] = fn
        return fn
    return register


def build(kind: str, spec: Any) -> Any:
    if kind not in BUILDERS:
        raise ValueError(f"unknown recipe {kind!r}")
    if type(spec) is not dict:
        raise ValueError("a recipe spec is a dict")
    return BUILDERS[kind](spec)


_LAYERS = {
    "linear": lambda a: nn.Linear(int(a[0]), int(a[1]), bias=bool(a[2]) if len(a) > 2 else True),
    "relu": lambda a: nn.ReLU(),
    "tanh": lambda a: nn.Tanh(),
    "sigmoid": lambda a: nn.Sigmoid(),
    "dropout": lambda a: nn.Dropout(float(a[0])),
    "batchnorm1d": lambda a: nn.BatchNorm1d(int(a[0])),
    "flatten": lambda a: nn.Flatten(),
}


@builder("sequential")
def sequential(spec: dict) -> nn.Module:
    """{"layers": [["linear", 4, 3], ["relu"], ...], "state": {name: tensor}, "training": bool}."""
    layers = [_LAYERS[layer[0]](layer[1:]) for layer in spec["layers"]]
    model = nn.Sequential(*layers)
    if spec.get("state"):
        model.load_state_dict(spec["state"])
    if spec.get("device"):
        model.to(spec["device"])
    model.train(bool(spec.get("training", True)))
    return model


_LOSSES = {
    "mse": nn.MSELoss, "cross_entropy": nn.CrossEntropyLoss, "bce": nn.BCELoss,
    "bce_with_logits": nn.BCEWithLogitsLoss,
}


@builder("loss")
def loss(spec: dict) -> nn.Module:
    """{"name": "mse" | "cross_entropy" | "bce" | "bce_with_logits"}."""
    return _LOSSES[spec["name"]]()


@builder("polynomial")
def polynomial(spec: dict) -> Callable:
    """{"roots": [r1, r2, ...]} -> f(x) = prod(x - r_i); {"coeffs": [c0, c1, ...]} -> sum c_i x^i.

    Works on floats and tensors alike, so it can be differentiated by autograd.
    """
    roots = [float(r) for r in spec.get("roots", [])]
    coeffs = [float(c) for c in spec.get("coeffs", [])]

    def f(x):
        if roots:
            out = 1.0
            for r in roots:
                out = out * (x - r)
            return out
        out = 0.0
        for i, c in enumerate(coeffs):
            out = out + c * x ** i
        return out
    return f


@builder("elementwise")
def elementwise(spec: dict) -> Callable:
    """{"name": "sin" | "exp" | "cube" | "sigmoid"} -> f(x) on floats and tensors."""
    name = spec["name"]

    def f(x):
        t = x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=torch.float64)
        if name == "sin":
            y = torch.sin(t)
        elif name == "exp":
            y = torch.exp(t)
        elif name == "cube":
            y = t ** 3
        elif name == "sigmoid":
            y = 1 / (1 + torch.exp(-t))
        else:
            raise ValueError(name)
        return y if isinstance(x, torch.Tensor) else float(y)
    return f


@builder("generator")
def generator(spec: dict) -> torch.Generator:
    """{"seed": int} -> torch.Generator().manual_seed(seed)."""
    return torch.Generator().manual_seed(int(spec["seed"]))
