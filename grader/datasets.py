"""Small real data sets the course ships under ``data/`` (see each folder's README.md).

Pure csv + numpy (no pandas); the judge loads them and hands tensors to checks.
Each data set is one CSV file ``data/<name>/<name>.csv`` with a header row and
numeric cells; the column named ``target`` is the label.
"""

from __future__ import annotations

import csv
from functools import lru_cache

import numpy as np
import torch

from grader import paths


@lru_cache(maxsize=None)
def _load_csv(name: str) -> tuple[tuple[str, ...], np.ndarray]:
    """(column names, float64 array of shape (rows, columns)) of ``data/<name>/<name>.csv``."""
    path = paths.DATA_DIR / name / f"{name}.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{path}: empty file")
    header = tuple(h.strip() for h in rows[0])
    body = [r for r in rows[1:] if r]
    if any(len(r) != len(header) for r in body):
        raise ValueError(f"{path}: every row needs {len(header)} cells")
    values = np.array([[float(c) for c in r] for r in body], dtype=np.float64)
    values.setflags(write=False)
    return header, values


def _features_target(name: str, target: str = "target") -> tuple[np.ndarray, np.ndarray]:
    """Feature matrix (every column but ``target``) and the target column, float64 copies."""
    header, values = _load_csv(name)
    if target not in header:
        raise ValueError(f"data set {name!r} has no column {target!r}")
    t = header.index(target)
    keep = [i for i in range(len(header)) if i != t]
    return values[:, keep].copy(), values[:, t].copy()


def standardize_columns(X: np.ndarray) -> np.ndarray:
    """Each column to zero mean and unit (population, ddof=0) standard deviation."""
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std


def feature_names(name: str, target: str = "target") -> tuple[str, ...]:
    header, _ = _load_csv(name)
    return tuple(h for h in header if h != target)


def load_diabetes(standardize: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """The diabetes regression data (Efron et al., 2004): X float32 (442, 10), y float32 (442,).

    ``standardize=True`` gives every feature zero mean and unit standard deviation
    (computed in float64); y is the raw disease-progression score (25 to 346) either way.
    """
    X, y = _features_target("diabetes")
    if standardize:
        X = standardize_columns(X)
    return torch.from_numpy(X.astype(np.float32)), torch.from_numpy(y.astype(np.float32))


def load_breast_cancer(standardize: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """The Wisconsin diagnostic breast-cancer data (UCI): X float32 (569, 30), y float32 (569,).

    y is 0.0 for malignant and 1.0 for benign (scikit-learn's coding). ``standardize=True``
    gives every feature zero mean and unit standard deviation (computed in float64).
    """
    X, y = _features_target("breast_cancer")
    if standardize:
        X = standardize_columns(X)
    return torch.from_numpy(X.astype(np.float32)), torch.from_numpy(y.astype(np.float32))


__all__ = ["load_diabetes", "load_breast_cancer", "standardize_columns", "feature_names"]
