#!/usr/bin/env python3
"""Build the sample class: a dozen learners with the mix an instructor really gets.

    python scripts/sample_class.py DEST

Full marks; each typical mistake; untouched stubs; a syntax error; a hostile
submission; a folder whose name is HTML; a Korean name; a late hand-in; someone who
only did the quizzes; a roster learner with no folder; a folder not on the roster.
Files get fixed modification times (the due time is judged by them), so the class
grades the same wherever and whenever it is built. Used by the README's demo, the
tests (tests/golden/class-sample) and the benchmarks.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOL, WRONG, EX = ROOT / "solutions", ROOT / "solutions" / "wrong", ROOT / "exercises"
HTML_NAME = "<img src=x onerror=alert(1)>"
ON_TIME, LATE = 1_800_000_000, 1_900_000_000      # 2027-01-15 and 2030-03-17 (UTC); due in between

ITEMS = ["epoch_math", "one_hot", "softmax", "cross_entropy", "bce", "train_loop",
         "epoch_batch_iteration", "softmax_properties"]

CLASS_TOML = f"""\
# The sample class: six exercises and two quizzes, due on 1 June 2028.
title = "Deep learning fundamentals — sample class"
items = {ITEMS!r}
due = 2028-06-01T23:59:00+09:00
roster = ["ana", "ben", "cho", "dae", "eun", "fin", "gus", "이서연", {HTML_NAME!r}, "ivy", "jun", "kim"]

[weights]
train_loop = 2
""".replace("'", '"')

SYNTAX_ERROR = "def softmax(x, dim=-1)\n    return x.exp() / x.exp().sum(dim, keepdim=True)\n"

HOSTILE = '''\
"""Reads the reference solution and forges a passing report: it must score nothing."""
import sys
print("18 passed, 0 failed")
for base in sys.path:
    try:
        exec(open(base + "/../solutions/softmax.py").read())
        break
    except OSError:
        pass


def softmax(x, dim=-1):
    import torch
    torch.allclose = lambda *a, **k: True
    return x
'''


def right(item: str) -> Path:
    return SOL / f"{item}.py"


def wrong(item: str, mistake: str) -> Path:
    return WRONG / item / f"{mistake}.py"


def stub(item: str) -> Path:
    return EX / item / "stub.py"


def quiz_answers(quiz: str, learner: str, how: str) -> str:
    """Answers of ``learner``'s own variant: all right, or the first half right and the rest wrong."""
    sys.path.insert(0, str(ROOT))
    from grader.quiz import get_quiz, variant_for
    variant = variant_for(get_quiz(quiz), learner)
    lines = []
    for n, qv in enumerate(variant.questions):
        ok = how == "right" or n < len(variant.questions) // 2
        lines.append(f"{qv.id} = {_answer(qv, ok)}")
    return "\n".join(lines) + "\n"


def _answer(qv, ok: bool) -> str:
    import json
    if qv.kind == "numeric":
        value = qv.expected if ok else (qv.mistakes[0].value if qv.mistakes else qv.expected + 1)
        return repr(value)
    if qv.kind == "single":
        return json.dumps(qv.expected if ok else next(k for k in qv.keys if k != qv.expected))
    if qv.kind == "multiple":
        chosen = sorted(qv.expected) if ok else [k for k in qv.keys if k not in qv.expected][:1] or ["a"]
        return json.dumps(",".join(chosen))
    return json.dumps(qv.expected[0] if ok else "no idea")


# learner -> {file in their folder: source}; a source is a Path to copy, or text
LEARNERS: dict[str, dict[str, Path | str]] = {
    "ana": {**{f"{i}.py": right(i) for i in ITEMS[:6]}},
    "ben": {"epoch_math.py": right("epoch_math"), "one_hot.py": right("one_hot"),
            "softmax.py": wrong("softmax", "no_max_subtracted"),
            "cross_entropy.py": wrong("cross_entropy", "no_max_subtracted"),
            "bce.py": wrong("bce", "no_clamp"), "train_loop.py": right("train_loop")},
    "cho": {f"{i}.py": stub(i) for i in ITEMS[:6]},
    "dae": {"softmax.py": SYNTAX_ERROR, "one_hot.py": wrong("one_hot", "uses_max_plus_one"),
            "epoch_math.py": wrong("epoch_math", "floor_not_ceil")},
    "eun": {"epoch_math.py": right("epoch_math"), "softmax.py": wrong("softmax", "ignores_dim"),
            "cross_entropy.py": wrong("cross_entropy", "sum_not_mean"), "bce.py": right("bce"),
            "train_loop.py": wrong("train_loop", "no_zero_grad")},
    "fin": {f"{i}.py": right(i) for i in ("epoch_math", "one_hot", "softmax")},     # handed in late
    "gus": {"softmax.py": HOSTILE, "one_hot.py": right("one_hot")},
    "이서연": {"epoch_math.py": right("epoch_math"), "softmax.py": right("softmax"),
             "one_hot.py": wrong("one_hot", "no_validation"), "bce.py": wrong("bce", "sum_not_mean")},
    HTML_NAME: {"softmax.py": right("softmax"), "epoch_math.py": wrong("epoch_math", "float_division")},
    "ivy": {"train_loop.py": wrong("train_loop", "step_before_backward"), "epoch_math.py": right("epoch_math")},
    "jun": {},                                                                       # quizzes only
    "zed": {"softmax.py": right("softmax")},                                         # not on the roster
}
QUIZZES = {"ana": "right", "ben": "half", "eun": "right", "이서연": "half", HTML_NAME: "half", "jun": "right"}


def build(dest: Path) -> Path:
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest} is not empty; the sample class is built in a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "class.toml").write_text(CLASS_TOML, encoding="utf-8")
    for learner, files in LEARNERS.items():
        folder = dest / learner
        folder.mkdir()
        for name, source in files.items():
            target = folder / name
            if isinstance(source, Path):
                shutil.copyfile(source, target)
            else:
                target.write_text(textwrap.dedent(source), encoding="utf-8")
        if learner in QUIZZES:
            (folder / "quizzes").mkdir()
            for quiz in ITEMS[6:]:
                (folder / "quizzes" / f"{quiz}.toml").write_text(
                    quiz_answers(quiz, learner, QUIZZES[learner]), encoding="utf-8")
    (dest / "ana" / "notes.txt").write_text("my notes\n")                  # passed over, listed
    for path in dest.rglob("*"):
        if path.is_file():
            stamp = LATE if path.parent.name == "fin" else ON_TIME
            os.utime(path, (stamp, stamp))
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(build(Path(sys.argv[1])))
