"""Comparisons that explain themselves: every failure says input, expected, got, why, and what to revisit.

All comparisons happen in the judge on plain values the codec rebuilt, with
explicit tolerances.

Tolerances fit the dtype and the conditioning, not one formula (``tolerance``): a right
answer computed in another valid order in float32 differs from the exact result by a few
ulps *of the numbers it worked with*. exp(x - logsumexp(x)) with x near 1000 loses about
1000 · eps(float32) ≈ 1e-4 in the exponent, so a comparison of its result uses
``tolerance(torch.float32, scale=1000)``, not a fixed 1e-5. References are computed in
float64 and cast to the dtype asked for, so the reference itself adds no error.

A known wrong answer is declared as data, a ``Mistake``: a stable id, a detector
that says whether what came back is what that mistake gives, and the
explanation. ``expect_tensor`` / ``expect_number`` / ``expect_equal`` take
``mistakes=[...]`` and, when the answer is wrong, name the first one detected
(with its id, so reports can count it) instead of the generic mismatch;
``name_mistake`` does the same for checks that look before comparing::

    Mistake("sum_not_mean", matches(losses.sum()), Text("This is the sum ...", "..."))
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import torch

from grader.checks import Fail
from grader.codec import Build
from grader.i18n import Text, eul_reul, euro_ro, eun_neun, gwa_wa, i_ga

MAX_SHOWN = 160

#: how many ulps of the working magnitude a right answer computed in another valid order may be off by
ULPS = 16


def tolerance(dtype: torch.dtype, *, scale: float = 1.0) -> tuple[float, float]:
    """(rtol, atol) for comparing a result computed in ``dtype`` from inputs whose magnitude is about
    ``scale`` with the exact result: ULPS units in the last place of max(1, scale). The gross mistakes
    the checks look for (nan, a wrong axis, a missing term) are orders of magnitude larger."""
    if not dtype.is_floating_point:
        return 0.0, 0.0
    slack = ULPS * torch.finfo(dtype).eps * max(1.0, float(scale))
    return slack, slack * 0.1
#: how a recipe for a live object (see grader/sandbox/builders.py) is named in a message
_BUILT = {"sequential": "model", "loss": "loss_fn", "polynomial": "f", "elementwise": "f",
          "generator": "generator"}


def show(v: Any) -> str:
    """A short, readable rendering of a value for a feedback message: small values whole, a matrix
    as its first rows, anything larger as its first elements."""
    if isinstance(v, torch.Tensor):
        body = _short(_fmt(v.detach().cpu().tolist()) if v.numel() <= 12 else _head(v))
        extra = f", device={v.device.type}" if v.device.type != "cpu" else ""
        grad = ", requires_grad=True" if v.requires_grad else ""
        return f"tensor({body}, shape={tuple(v.shape)}, dtype={str(v.dtype).replace('torch.', '')}{extra}{grad})"
    if isinstance(v, np.ndarray):
        body = _short(_fmt(v.tolist()) if v.size <= 12 else _head_list(v.tolist() if v.ndim == 2 else None,
                                                                        v.reshape(-1)[:8].tolist()))
        return f"array({body}, shape={v.shape}, dtype={v.dtype})"
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, Build):
        return _BUILT.get(v.kind, f"<{v.kind}>")
    if isinstance(v, (list, tuple)) and len(v) > 8:
        return _short(repr(type(v)(list(v[:8]))) + "…")
    return _short(repr(v))


def _fmt(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


#: a matrix is shown as up to this many rows of up to ROW_ITEMS entries
MAX_ROWS, ROW_ITEMS = 6, 8


def _head(t: torch.Tensor) -> str:
    t = t.detach().cpu()
    return _head_list(t[:MAX_ROWS, :ROW_ITEMS + 1].tolist() + [None] * (t.shape[0] > MAX_ROWS)
                      if t.dim() == 2 else None, t.reshape(-1)[:8].tolist())


def _head_list(rows: list | None, flat: list) -> str:
    """``rows`` (a matrix, None otherwise) as its first rows, row by row; else the first of ``flat``."""
    if rows is None:
        return "[" + ", ".join(_fmt(x) for x in flat) + ", …]"
    shown, more = [], False
    for i, row in enumerate(rows[:MAX_ROWS]):
        if row is None:
            more = True
            break
        text = "[" + ", ".join(_fmt(x) for x in row[:ROW_ITEMS]) + (", …]" if len(row) > ROW_ITEMS else "]")
        if shown and sum(map(len, shown)) + 2 * len(shown) + len(text) > MAX_SHOWN - 8:
            more = True      # whole rows only: the rest is "…"
            break
        shown.append(text)
    more = more or len(rows) > MAX_ROWS
    return "[" + ", ".join(shown) + (", …]" if more else "]")


def _short(s: str) -> str:
    return s if len(s) <= MAX_SHOWN else s[:MAX_SHOWN] + "…"


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _index(flat_index: int, shape: tuple) -> tuple:
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


#: a mistake id: snake_case, starting with a letter (``no_max_subtraction``); the runner stores it
#: qualified with the exercise (``softmax.no_max_subtraction``)
MISTAKE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

#: says whether a value that came back is what a known mistake gives
Detector = Callable[[Any], bool]


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer, declared as data (like a quiz's ``Mistake``).

    ``id``: stable, snake_case, unique within the exercise's suite. ``detect(got)``: true when
    ``got`` is what this mistake gives, usually because the mistaken computation, redone in the
    judge, gives the same value (see ``matches`` and ``equals``); it must not raise for a value
    of another kind (check the type first). ``why``: what the learner did and how to fix it.
    ``idea``: the concept to revisit for this mistake, shown instead of the check's own.
    """

    id: str
    detect: Detector
    why: Text
    idea: Text | None = None

    def __post_init__(self):
        if not MISTAKE_ID.fullmatch(self.id):
            raise ValueError(f"mistake id {self.id!r} is not a snake_case identifier")

    def report(self, call: str, expected: Any, got: Any, idea: Text | None = None) -> Fail:
        """The standard failure naming this mistake, with its id."""
        return report(call, expected, got, self.why, self.idea or idea, mistake=self.id)


def first_mistake(got: Any, mistakes: Sequence[Mistake]) -> Mistake | None:
    """The first of ``mistakes`` whose detector recognises ``got``, in order (detectors run lazily)."""
    return next((m for m in mistakes if m.detect(got)), None)


def name_mistake(got: Any, mistakes: Sequence[Mistake], *, call: str, expected: Any,
                 idea: Text | None = None) -> None:
    """Raise the standard failure for the first of ``mistakes`` seen in ``got``; return if none is.

    For checks that look for mistakes before comparing; a detector that could also match a right
    answer must rule that out itself (``expect_*(mistakes=...)`` only looks once the answer is wrong)."""
    m = first_mistake(got, mistakes)
    if m is not None:
        raise m.report(call, expected, got, idea)


def matches(value: Any, *, rtol: float = 1e-5, atol: float = 1e-6) -> Detector:
    """A detector: ``got`` is close to ``value``, what the mistaken computation gives.

    Tensors (and numpy arrays): same shape, floating, values close in float64 on the CPU.
    Numbers: a Python int or float (not bool) within the tolerance. ``None``: never (a mistake
    that cannot happen for these inputs)."""
    def detect(got: Any) -> bool:
        if value is None:
            return False
        if isinstance(value, (torch.Tensor, np.ndarray)):
            v = torch.as_tensor(value).detach().cpu().double()
            if isinstance(got, np.ndarray) and got.dtype.kind in "fc":
                got = torch.from_numpy(np.ascontiguousarray(got))
            return isinstance(got, torch.Tensor) and got.is_floating_point() and tuple(got.shape) == tuple(v.shape) \
                and bool(torch.allclose(got.detach().cpu().double(), v, rtol=rtol, atol=atol))
        return type(got) in (int, float) and math.isclose(got, float(value), rel_tol=rtol, abs_tol=atol)
    return detect


def equals(value: Any) -> Detector:
    """A detector: ``got`` is exactly ``value``, type included (ints, tuples, lists, strings)."""
    def detect(got: Any) -> bool:
        return type(got) is type(value) and got == value
    return detect


def raises(error: str, message: str | None = None) -> Text:
    """What a call that raises (or should raise) ``error`` is shown as, in both languages."""
    tail = f": {message}" if message else ""
    return Text(f"raises {error}{tail}", f"{error} 발생{tail}")


def _shown(v: Any) -> tuple[str, str]:
    """(English, Korean) rendering of an expected or returned value; a Text is already both."""
    if isinstance(v, Text):
        return v.en, v.ko
    s = show(v)
    return s, s


def report(call: str, expected: Any, got: Any, why: Text, idea: Text | None, mistake: str | None = None) -> Fail:
    """The standard failure: what was tried, what was expected, what came back, why, what to revisit.
    ``expected`` and ``got`` are values, or a ``Text`` for what is not a value (``raises(...)``).
    ``mistake``: the stable id of the known mistake ``why`` names, if it names one."""
    (exp, exp_ko), (gotten, gotten_ko) = _shown(expected), _shown(got)
    en = f"{call}\n  expected: {exp}\n  got:      {gotten}\n  {why.en}"
    ko = f"{call}\n  기대한 값: {exp_ko}\n  받은 값:   {gotten_ko}\n  {why.ko}"
    if idea is not None:
        en += f"\n  Revisit: {idea.en}"
        ko += f"\n  다시 볼 개념: {idea.ko}"
    return Fail(Text(en, ko), mistake)


def diagnose_shape(got: tuple, expected: tuple) -> Text:
    why = Text(f"Shape {got} differs from the expected {expected}.",
               f"모양(shape) {got}{i_ga(got)} 기대한 {expected}{gwa_wa(expected)} 다릅니다.")
    n = expected[0] if expected else None
    broadcast = n is not None and n > 1 and (
        (len(got) == len(expected) + 1 and got[:-1] == expected and got[-1] == n)
        or (len(got) == 2 and got[0] == got[1] == n and len(expected) <= 2 and got != expected))
    if len(got) == len(expected) + 1 and got[-1] == 1 and got[:-1] == expected:
        why += Text(" There is an extra dimension of size 1 at the end: keepdim=True where none was wanted, "
                    "or a column (N, 1) where a vector (N,) is asked for; drop it with .squeeze(-1).",
                    " 끝에 크기 1인 차원이 하나 더 있습니다: 필요 없는 keepdim=True, 또는 벡터 (N,) 대신 열 (N, 1)입니다. "
                    ".squeeze(-1)로 없애세요.")
    elif len(got) + 1 == len(expected) and expected[-1] == 1 and expected[:-1] == got:
        why += Text(" The last dimension of size 1 is missing: keep it with keepdim=True, or .unsqueeze(-1).",
                    " 마지막의 크기 1인 차원이 빠졌습니다: keepdim=True로 유지하거나 .unsqueeze(-1)을 쓰세요.")
    elif broadcast:
        why += Text(" That is what accidental broadcasting gives, e.g. (N, 1) - (N,) makes (N, N): "
                    "keep dimensions with keepdim=True or reshape before combining.",
                    " 의도치 않은 브로드캐스팅의 결과로 보입니다. 예: (N, 1) - (N,)는 (N, N)이 됩니다. "
                    "keepdim=True를 쓰거나 합치기 전에 reshape하세요.")
    elif math.prod(got) == math.prod(expected):
        why += Text(" Same number of elements: a reshape, transpose or the reduction axis is off.",
                    " 원소 수는 같습니다: reshape, 전치, 또는 축(dim) 선택이 잘못되었습니다.")
    elif len(got) < len(expected):
        why += Text(" A dimension was reduced away: check which dim you sum or take the max over, and keepdim.",
                    " 차원 하나가 사라졌습니다: 어느 dim으로 합/최댓값을 구했는지, keepdim을 확인하세요.")
    return why


def first_nonfinite(t: torch.Tensor) -> tuple[str, tuple] | None:
    """('nan' | 'inf', index) of the first non-finite element, or None."""
    if not (t.is_floating_point() or t.is_complex()):
        return None
    bad = ~torch.isfinite(t.detach())
    if not bool(bad.any()):
        return None
    flat = int(bad.reshape(-1).nonzero()[0, 0])
    value = t.detach().reshape(-1)[flat]
    kind = "nan" if bool(torch.isnan(value)) else "inf"
    return kind, _index(flat, tuple(t.shape))


def _failing(call: str, expected: Any, got: Any, idea: Text | None,
             mistakes: Sequence[Mistake]) -> Callable[[Text], Fail]:
    """How a comparison fails: as the first of ``mistakes`` seen in ``got``, else with the generic ``why``."""
    def fail(why: Text) -> Fail:
        m = first_mistake(got, mistakes)
        return m.report(call, expected, got, idea) if m is not None else report(call, expected, got, why, idea)
    return fail


def returned_none(call: str, expected: Any) -> Fail:
    """The failure for a function that gave back None: a missing ``return`` is the whole story, so no idea
    about the maths is attached (it would send the learner looking in the wrong place)."""
    return report(call, expected, None, Text(
        "The function returned None: no `return` statement ran (a missing `return`, or a path through the "
        "function that ends without one).",
        "함수가 None을 반환했습니다: `return` 문이 실행되지 않았습니다(`return`이 빠졌거나, 함수의 어떤 경로가 "
        "return 없이 끝납니다)."), None)


def numpy_scalar(got: Any, wanted: str) -> Text | None:
    """Why a numpy scalar is not the Python number asked for, or None when ``got`` is not one."""
    if not isinstance(got, np.generic):
        return None
    name = f"numpy.{type(got).__name__}"
    how = "int(...)" if wanted == "int" else "float(...)"
    return Text(f"A {name} came back: a numpy scalar, not a Python {wanted}. Convert it with {how} or .item() "
                "(numpy results such as np.ceil(...) or arr.sum() are numpy scalars).",
                f"{name}이 왔습니다: Python {wanted}이 아니라 numpy 스칼라입니다. {how}나 .item()으로 바꾸세요"
                "(np.ceil(...)이나 arr.sum() 같은 numpy 결과는 numpy 스칼라입니다).")


def expect_tensor(got: Any, expected: torch.Tensor | np.ndarray, *, call: str, idea: Text | None = None,
                  rtol: float = 1e-5, atol: float = 1e-6, check_dtype: bool = True,
                  check_device: bool = True, requires_grad: bool | None = None,
                  mistakes: Sequence[Mistake] = ()) -> Any:
    """Fail with a teaching message unless ``got`` matches ``expected``; returns ``got``.

    ``expected`` may be a numpy array: then ``got`` must be one too, and messages show arrays.
    When ``got`` is wrong, the first of ``mistakes`` it shows is named instead of the generic why."""
    if got is None:
        raise returned_none(call, expected)
    fail = _failing(call, expected, got, idea, mistakes)

    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            raise fail(Text(f"Expected a numpy.ndarray, got a {type(got).__name__}.",
                            f"numpy.ndarray가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다."))
        got_t, exp_t = torch.from_numpy(np.ascontiguousarray(got)), torch.from_numpy(np.ascontiguousarray(expected))
    else:
        if isinstance(got, np.ndarray):
            raise fail(Text(
                "A numpy array came back where a torch.Tensor was expected: stay in torch (no .numpy()).",
                "torch.Tensor가 와야 하는데 numpy 배열이 왔습니다: torch 안에서 계산하세요(.numpy() 금지)."))
        if not isinstance(got, torch.Tensor):
            raise fail(Text(f"Expected a torch.Tensor, got a {type(got).__name__}.",
                            f"torch.Tensor가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다."))
        got_t, exp_t = got, expected
    _compare(got_t, exp_t, fail, rtol=rtol, atol=atol, check_dtype=check_dtype, check_device=check_device,
             requires_grad=requires_grad)
    return got


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).replace("torch.", "")


def _compare(got: torch.Tensor, expected: torch.Tensor, fail, *, rtol: float, atol: float, check_dtype: bool,
             check_device: bool, requires_grad: bool | None) -> None:
    if tuple(got.shape) != tuple(expected.shape):
        raise fail(diagnose_shape(tuple(got.shape), tuple(expected.shape)))
    if check_device and got.device.type != expected.device.type:
        raise fail(Text(
            f"The result is on {got.device.type} but the input was on {expected.device.type}: "
            "keep the computation on the input's device (no .cpu()/.numpy() round trips; "
            "make new tensors with device=x.device).",
            f"결과가 {got.device.type}에 있지만 입력은 {expected.device.type}에 있었습니다: "
            "입력과 같은 장치에서 계산하세요(.cpu()/.numpy() 왕복 금지, 새 텐서는 device=x.device로)."))
    if check_dtype and got.dtype != expected.dtype:
        g, e = _dtype_name(got.dtype), _dtype_name(expected.dtype)
        raise fail(Text(f"dtype {g} differs from the expected {e}.", f"dtype {g}{i_ga(g)} 기대한 {e}{gwa_wa(e)} 다릅니다."))
    if requires_grad is not None and got.requires_grad != requires_grad:
        raise fail(Text(
            "The result still carries an autograd graph (requires_grad=True): detach it or compute under "
            "torch.no_grad()." if got.requires_grad else "The result should track gradients (requires_grad=True).",
            "결과가 아직 autograd 그래프를 달고 있습니다(requires_grad=True): detach하거나 torch.no_grad() 안에서 "
            "계산하세요." if got.requires_grad else "결과가 기울기를 추적해야 합니다(requires_grad=True)."))
    bad = first_nonfinite(got)
    if bad is not None and first_nonfinite(expected) is None:
        kind, where = bad
        raise fail(Text(
            f"The first {kind} appears at index {where}: something overflowed or divided by zero.",
            f"첫 {kind}{i_ga(kind)} 인덱스 {where}에서 나타났습니다: 오버플로 또는 0으로 나누기가 일어났습니다."))
    g = got.detach().to("cpu", torch.float64) if got.is_floating_point() else got.detach().cpu()
    e = expected.detach().to("cpu", g.dtype) if got.is_floating_point() else expected.detach().cpu().to(g.dtype)
    if g.is_floating_point():
        close = torch.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = g == e
    if not bool(close.all()):
        flat = int((~close).reshape(-1).nonzero()[0, 0])
        idx = _index(flat, tuple(g.shape))
        gv, ev = g.reshape(-1)[flat].item(), e.reshape(-1)[flat].item()
        raise fail(Text(
            f"First mismatch at index {idx}: expected {show(ev)}, got {show(gv)} "
            f"(tolerance rtol={rtol:g}, atol={atol:g}).",
            f"인덱스 {idx}에서 처음 어긋납니다: 기대 {show(ev)}, 받은 값 {show(gv)} "
            f"(허용 오차 rtol={rtol:g}, atol={atol:g})."))


def expect_number(got: Any, expected: float, *, call: str, idea: Text | None = None,
                  rtol: float = 1e-6, atol: float = 1e-9, integer: bool = False,
                  mistakes: Sequence[Mistake] = ()) -> Any:
    """A Python number (int when ``integer``) close to ``expected``; when it is not, the first of
    ``mistakes`` it shows is named instead of the generic why."""
    if got is None:
        raise returned_none(call, expected)
    fail = _failing(call, expected, got, idea, mistakes)
    scalar = numpy_scalar(got, "int" if integer else "float")
    if scalar is not None:
        raise fail(scalar)
    if integer:
        if type(got) is not int:
            raise fail(Text(
                f"Expected a Python int, got a {type(got).__name__}" +
                (" (use math.ceil / integer division, not /)." if isinstance(got, float) else "."),
                f"Python int가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다" +
                (" (/ 대신 math.ceil이나 정수 나눗셈을 쓰세요)." if isinstance(got, float) else ".")))
        if got != expected:
            raise fail(Text("The count is off.", "개수가 틀렸습니다."))
        return got
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        raise fail(Text(
            "Expected a Python float, got a tensor: convert with .item().",
            "Python float가 와야 하는데 텐서가 왔습니다: .item()으로 바꾸세요."))
    if type(got) not in (int, float) or isinstance(got, bool):
        raise fail(Text(
            f"Expected a number, got a {type(got).__name__}.",
            f"숫자가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다."))
    if math.isnan(got) or math.isinf(got):
        raise fail(Text(f"The result is {got}.", f"결과가 {got}입니다."))
    if not math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        raise fail(Text(
            f"Off by {got - expected:.3g} (tolerance rtol={rtol:g}, atol={atol:g}).",
            f"{got - expected:.3g}만큼 차이가 납니다(허용 오차 rtol={rtol:g}, atol={atol:g})."))
    return got


def expect_equal(got: Any, expected: Any, *, call: str, idea: Text | None = None,
                 why: Text | None = None, mistakes: Sequence[Mistake] = ()) -> Any:
    """Exact equality of plain data (ints, strings, tuples, lists), types included; when ``got``
    differs, the first of ``mistakes`` it shows is named instead of the generic why."""
    if got is None and expected is not None:
        raise returned_none(call, expected)
    fail = _failing(call, expected, got, idea, mistakes)
    if type(got) is not type(expected) and numpy_scalar(got, type(expected).__name__) is not None \
            and type(expected) in (int, float):
        raise fail(numpy_scalar(got, type(expected).__name__))
    if type(got) is not type(expected):
        raise fail(Text(
            f"Expected a {type(expected).__name__}, got a {type(got).__name__}.",
            f"{type(expected).__name__}{i_ga(type(expected).__name__)} 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다."))
    if isinstance(expected, (list, tuple)) and len(got) != len(expected):
        raise fail(Text(
            f"Expected {len(expected)} items, got {len(got)}.",
            f"항목 {len(expected)}개가 와야 하는데 {len(got)}개가 왔습니다."))
    if isinstance(expected, (list, tuple)):
        for i, (g, e) in enumerate(zip(got, expected)):
            if type(g) is not type(e) and type(e) in (int, float) and numpy_scalar(g, type(e).__name__):
                raise fail(Text(f"Item {i}: ", f"{i}번째 항목: ") + numpy_scalar(g, type(e).__name__))
            if type(g) is not type(e):
                raise fail(why or Text(
                    f"Item {i} is {_article(type(g).__name__)} ({_short(repr(g))}) where {_article(type(e).__name__)} "
                    f"({_short(repr(e))}) was expected.",
                    f"{i}번째 항목이 {type(e).__name__}({_short(repr(e))})이어야 하는데 {type(g).__name__}"
                    f"({_short(repr(g))})입니다."))
            if g != e:
                raise fail(why or Text(
                    f"Item {i} differs: expected {show(e)}, got {show(g)}.",
                    f"{i}번째 항목이 다릅니다: 기대 {show(e)}, 받은 값 {show(g)}."))
        return got
    if got != expected:
        raise fail(why or Text("The values differ.", "값이 다릅니다."))
    return got


def same_data(a: Any, b: Any) -> bool:
    """Exactly the same data: tensors equal in shape, dtype and values (device aside); lists,
    tuples and dicts equal item by item."""
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.shape == b.shape and a.dtype == b.dtype \
            and torch.equal(a.detach().cpu(), b.detach().cpu())
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return type(b) is type(a) and len(a) == len(b) and all(map(same_data, a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def expect_unchanged(call: str, arguments: dict[str, tuple[Any, Any]], why: Text | Callable[[str], Text],
                     idea: Text | None = None, mistake: str | None = None) -> None:
    """Fail unless every argument, ``name -> (before, after the call)``, came back untouched:
    a learner's function must not modify what the caller passed in. ``why`` may depend on the name;
    ``mistake`` is the id of that mistake (``in_place``)."""
    for name, (before, after) in arguments.items():
        if not same_data(before, after):
            why = why(name) if callable(why) else why
            en = report(f"{call}, then looking at {name} again", before, after, why, idea).message.en
            ko = report(f"{call} 호출 뒤 {name}{eul_reul(name)} 다시 보면", before, after, why, idea).message.ko
            raise Fail(Text(en, ko), mistake)


# ------------------------------------------------------------------ the course's shape rule for losses
#: mistake ids a shared check helper may record; a suite calling the helper declares them (grader.verify)
SHARED_MISTAKES = {"expect_shape_refused": ("no_shape_check", "reshapes_mismatched_shapes")}

#: docs/CONVENTIONS.md, "Shapes": a loss takes two tensors of the same shape and raises ValueError otherwise
IDEA_SAME_SHAPE = Text(
    "a loss compares its two inputs element by element, so they must have the same shape: check "
    "`a.shape == b.shape` first and raise ValueError (naming both shapes) otherwise.",
    "손실은 두 입력을 원소끼리 비교하므로 모양이 같아야 합니다: 먼저 `a.shape == b.shape`를 확인하고, 다르면 "
    "두 모양을 밝힌 ValueError를 발생시키세요.")


def _returned_anyway(a: torch.Tensor, b: torch.Tensor, got: Any, loss: Callable) -> tuple[Text, str]:
    """Why returning a loss for inputs whose shapes differ is wrong, told by the value returned: the mean over
    every pair of a broadcast, the matching pairs after a reshape, or neither; and the mistake id."""
    same = Text(f"Shapes {tuple(a.shape)} and {tuple(b.shape)} differ, and the function returned a loss anyway",
                f"모양 {tuple(a.shape)}{gwa_wa(tuple(a.shape))} {tuple(b.shape)}{eun_neun(tuple(b.shape))} 다른데도 "
                "함수가 손실을 반환했습니다")
    value = float(got) if isinstance(got, torch.Tensor) and got.numel() == 1 and got.is_floating_point() else None
    wide = tuple(torch.broadcast_shapes(a.shape, b.shape)) if _broadcastable(a, b) else None
    if isinstance(got, torch.Tensor) and wide is not None and tuple(got.shape) == wide != tuple(a.shape):
        return same + Text(
            f": a tensor of shape {wide}, what accidental broadcasting gives (every prediction against every label).",
            f": 모양 {wide}의 텐서로, 의도치 않은 브로드캐스팅의 결과입니다(모든 예측과 모든 레이블의 짝)."), \
            "no_shape_check"
    if value is None or not math.isfinite(value):
        return same + Text(".", "."), "no_shape_check"
    broadcast = float(loss(*torch.broadcast_tensors(a.double(), b.double()))) \
        if _broadcastable(a, b) else math.nan
    paired = float(loss(a.double().reshape(-1), b.double().reshape(-1))) if a.numel() == b.numel() else math.nan
    close = lambda x, y: math.isclose(x, y, rel_tol=1e-4, abs_tol=1e-6)  # noqa: E731
    if close(value, paired) and not close(paired, broadcast):
        return same + Text(
            ": it paired the elements by reshaping, and that value is right for these pairs. But a loss cannot "
            "know that a column (N, 1) and a vector (N,) mean the same samples (a reshape pairs (2, 3) with (3, 2) "
            "just as silently), so the course's losses refuse shapes that differ and the caller reshapes.",
            ": reshape로 원소를 짝지었고, 그 값은 이 짝들에 대해 맞습니다. 하지만 손실 함수는 열 (N, 1)과 벡터 (N,)가 "
            "같은 샘플을 뜻하는지 알 수 없으므로(reshape는 (2, 3)과 (3, 2)도 똑같이 조용히 짝짓습니다) 이 과정의 "
            "손실 함수는 모양이 다르면 거부하고, reshape는 호출하는 쪽이 합니다."), "reshapes_mismatched_shapes"
    if close(value, broadcast):
        n = max(a.numel(), b.numel())
        return same + Text(
            f": they broadcast to {wide}, so it averaged every prediction/label pair instead of the {n} matching "
            "ones: accidental broadcasting, the classic silent bug of a model output (N, 1) against labels (N,).",
            f": 둘이 {wide}{euro_ro(wide)} 브로드캐스팅되어 짝이 맞는 {n}쌍이 아니라 모든 예측/레이블 쌍을 평균 "
            "냈습니다: 의도치 않은 브로드캐스팅, 모델 출력 (N, 1)과 레이블 (N,)에서 조용히 생기는 대표적인 "
            "버그입니다."), "no_shape_check"
    return same + Text(".", "."), "no_shape_check"


def _broadcastable(a: torch.Tensor, b: torch.Tensor) -> bool:
    try:
        torch.broadcast_shapes(a.shape, b.shape)
        return True
    except RuntimeError:
        return False


def expect_shape_refused(sub: Any, fn: str, a: torch.Tensor, b: torch.Tensor, *, loss: Callable,
                         idea: Text = IDEA_SAME_SHAPE) -> None:
    """The course's rule for losses (docs/CONVENTIONS.md): ``fn(a, b)`` with shapes that differ raises
    ValueError. ``loss(a, b)``: the right loss of two same-shape float64 tensors, used to tell what a
    function that returned anyway did (broadcast every pair, or paired by a reshape)."""
    from grader.proxy import describe_call, problem_for
    from grader.sandbox import judge as J
    call = describe_call(fn, (a, b), {})
    r = sub.reply(fn, a, b)
    if r.status == J.OK:
        why, mistake = _returned_anyway(a, b, r.value, loss)
        raise report(call, raises("ValueError"), r.value, why, idea, mistake=mistake)
    if r.status != J.RAISED:
        raise problem_for(r, call)
    if r.type != "ValueError":
        raise report(call, raises("ValueError"), raises(r.type, r.message), Text(
            f"It raised {r.type}; PyTorch's losses raise ValueError for shapes that differ, and so do the course's.",
            f"{r.type}{i_ga(r.type)} 발생했습니다. PyTorch의 손실 함수는 모양이 다르면 ValueError를 발생시키고, "
            "이 과정의 손실 함수도 그렇습니다."), idea)
