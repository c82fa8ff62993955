"""Hidden checks for epoch_math. Expected counts are computed here with integer arithmetic."""

import math

from grader.checks import check
from grader.compare import Mistake, equals, expect_number, report, show
from grader.i18n import Text, eun_neun, i_ga
from grader.proxy import Problem, TimedOut, describe_call
from grader.sandbox import judge as J

KNOWN_MISTAKES = {
    "plus_one": "n // b + 1 batches: an extra batch even when nothing is left over",
    "drop_last_minus_one": "drop_last as n // b - 1: one batch too few when the data divides evenly",
    "round_not_ceil": "round(n / b) batches instead of the ceiling",
    "floor_not_ceil": "n // b batches: the leftover samples make no batch",
    "ignores_drop_last": "drop_last=True ignored: the last partial batch kept",
    "math_ceil_of_float": "math.ceil(n / b): a float, wrong beyond 2**53",
    "total_rounded_once": "total updates as ceil(epochs * n / b): rounded once over all epochs",
    "float_division": "a float count from / instead of an int",
    "returns_torch_size": "batch shapes as torch.Size objects",
    "shape_not_tuple": "a batch shape that is not a tuple (a list, ...)",
    "nested_sample_shape": "sample_shape put in as one element: (k, (256,)) instead of (k, 256)",
    "last_batch_always_dropped": "the last partial batch missing although drop_last=False",
    "last_batch_full_size": "the last batch given batch_size rows instead of the leftover",
    "assert_checks": "arguments checked with assert (AssertionError) instead of ValueError",
    "batch_size_zero_only": "only batch_size == 0 rejected: a negative batch size accepted",
    "negative_samples_accepted": "a negative n_samples accepted",
    "epochs_not_checked": "total_updates accepts a negative number of epochs",
}

IDEA_CEIL = Text("one epoch has ceil(n / b) batches: the leftover n % b samples make one more, smaller batch.",
                 "한 에폭의 배치 수는 ceil(n / b)입니다: 남은 n % b개의 샘플이 더 작은 배치 하나를 만듭니다.")
IDEA_DROP = Text("drop_last=True throws away the incomplete last batch: floor(n / b) = n // b batches.",
                 "drop_last=True는 덜 찬 마지막 배치를 버립니다: 배치 수는 floor(n / b) = n // b입니다.")
IDEA_INT = Text("count with integers: (n + b - 1) // b rounds up exactly; n / b is a float.",
                "정수로 세세요: (n + b - 1) // b는 정확히 올림합니다. n / b는 float입니다.")
IDEA_TOTAL = Text("total updates = epochs × updates per epoch; every epoch ends with its own partial batch.",
                  "전체 업데이트 수 = 에폭 수 × 에폭당 업데이트 수입니다. 에폭마다 마지막 덜 찬 배치가 따로 있습니다.")
IDEA_SHAPES = Text("a batch of k samples of shape s has shape (k, *s): full batches of batch_size rows, then "
                   "the n % batch_size leftover rows (unless drop_last).",
                   "모양이 s인 샘플 k개의 배치 모양은 (k, *s)입니다: batch_size 행짜리 꽉 찬 배치들 다음에 "
                   "남은 n % batch_size 행(drop_last가 아니면).")
IDEA_VALID = Text("check arguments before computing: `if batch_size < 1: raise ValueError(...)`.",
                  "계산 전에 인자를 검사하세요: `if batch_size < 1: raise ValueError(...)`.")

FLOOR = Text("This is the floor n // b: the leftover samples were not counted as a batch. Round up instead.",
             "이것은 내림 n // b입니다: 남은 샘플을 배치로 세지 않았습니다. 올림하세요.")
IGNORED_DROP = Text("This is the count with the last partial batch kept: drop_last=True was ignored.",
                    "마지막 덜 찬 배치를 남긴 개수입니다: drop_last=True가 무시되었습니다.")
PLUS_ONE = Text("n // b + 1 is not the ceiling: when the data divides evenly (or is empty) no samples are left "
                "over, so there is no extra batch.",
                "n // b + 1은 올림이 아닙니다: 나누어떨어지거나 데이터가 비어 있으면 남는 샘플이 없으므로 "
                "추가 배치도 없습니다.")
MINUS_ONE = Text("Subtracting 1 for drop_last is wrong when the data divides evenly: nothing is left over, so "
                 "nothing is dropped.",
                 "drop_last에서 1을 빼는 것은 나누어떨어질 때 틀립니다: 남는 샘플이 없으니 버릴 것도 없습니다.")


def _count(sub, fn, args, kwargs, expected, mistakes, idea):
    """Call fn and compare with an exact int; name the mistake when the result is what a known one gives."""
    got = sub.call(fn, *args, **kwargs)
    call = describe_call(fn, args, kwargs)
    if type(got) is float:
        raise report(call, expected, got, Text(
            f"Expected a Python int, got the float {got!r}: `/` (and numpy's ceil/floor) give floats. "
            "Use integer arithmetic: (n + b - 1) // b, n // b.",
            f"Python int가 와야 하는데 float {got!r}{i_ga(repr(got))} 왔습니다: `/`(와 numpy의 ceil/floor)는 float을 "
            "돌려줍니다. 정수 산술을 쓰세요: (n + b - 1) // b, n // b."), idea, mistake="float_division")
    expect_number(got, expected, call=call, idea=idea, integer=True, mistakes=mistakes)


def _plus_one(count):
    return Mistake("plus_one", equals(count), PLUS_ONE)


def _floor(count, why=FLOOR):
    return Mistake("floor_not_ceil", equals(count), why)


def _ignored_drop(count):
    return Mistake("ignores_drop_last", equals(count), IGNORED_DROP)


def _ceil(n, b):
    return -(-n // b)


@check("ipe_even", points=1)
def test_ipe_even(sub):
    for n, b in ((3000, 50), (128, 32)):
        _count(sub, "iterations_per_epoch", (n, b), {}, n // b, [_plus_one(n // b + 1)], IDEA_CEIL)
        _count(sub, "iterations_per_epoch", (n, b), {"drop_last": True}, n // b,
               [Mistake("drop_last_minus_one", equals(n // b - 1), MINUS_ONE)], IDEA_DROP)


@check("ipe_remainder", points=2)
def test_ipe_remainder(sub):
    cases = ((3000, 64), (10, 3), (65, 64))
    got = [sub.call("iterations_per_epoch", n, b) for n, b in cases]
    nearest = [round(n / b) for n, b in cases]
    if all(type(g) is int for g in got) and got == nearest and got != [_ceil(n, b) for n, b in cases]:
        (n, b), g = next(((n, b), g) for (n, b), g in zip(cases, got) if g != _ceil(n, b))
        raise report(describe_call("iterations_per_epoch", (n, b), {}), _ceil(n, b), g, Text(
            f"This is round(n / b), the nearest integer: it happens to round up 3000 / 64 = 46.9, but "
            f"{n} / {b} = {n / b:.3g} rounds down and its {n % b} leftover sample(s) lose their batch. Any "
            "leftover makes one more batch: round up, (n + b - 1) // b.",
            f"이것은 가장 가까운 정수 round(n / b)입니다: 3000 / 64 = 46.9는 우연히 올림되지만, "
            f"{n} / {b} = {n / b:.3g}{eun_neun(format(n / b, '.3g'))} 내림되어 남은 샘플 {n % b}개가 배치를 잃습니다. 남는 샘플이 있으면 "
            "배치가 하나 더 생깁니다: 올림하세요, (n + b - 1) // b."), IDEA_CEIL, mistake="round_not_ceil")
    for n, b in cases:
        _count(sub, "iterations_per_epoch", (n, b), {}, _ceil(n, b), [_floor(n // b)], IDEA_CEIL)


@check("ipe_drop_last", points=2)
def test_ipe_drop_last(sub):
    for n, b in ((3000, 64), (10, 3), (127, 64)):
        _count(sub, "iterations_per_epoch", (n, b), {"drop_last": True}, n // b,
               [_ignored_drop(_ceil(n, b))], IDEA_DROP)


@check("ipe_small_data", points=1)
def test_ipe_small_data(sub):
    _count(sub, "iterations_per_epoch", (10, 64), {}, 1, [_floor(0, Text(
        "10 samples with batch_size 64 still make one (small) batch of 10; the floor 10 // 64 = 0 drops them.",
        "샘플 10개를 batch_size 64로 나누어도 10개짜리 작은 배치 하나가 됩니다. 내림 10 // 64 = 0은 "
        "이들을 버립니다."))], IDEA_CEIL)
    _count(sub, "iterations_per_epoch", (10, 64), {"drop_last": True}, 0, [_ignored_drop(1)], IDEA_DROP)
    _count(sub, "iterations_per_epoch", (0, 64), {}, 0, [_plus_one(1)], IDEA_CEIL)


@check("ipe_huge_counts", points=1)
def test_ipe_huge(sub):
    why = Text("The result went through a float: n / b (and math.ceil(n / b)) is exact only up to 2**53 "
               "≈ 9.0e15. Use integer arithmetic: (n + b - 1) // b.",
               "결과가 float을 거쳤습니다: n / b(와 math.ceil(n / b))는 2**53 ≈ 9.0e15까지만 정확합니다. "
               "정수 산술 (n + b - 1) // b를 쓰세요.")
    for n, b in ((10**18 + 1, 2), (2**53 + 1, 1)):
        via_float = math.ceil(n / b)
        try:
            _count(sub, "iterations_per_epoch", (n, b), {}, _ceil(n, b),
                   [Mistake("math_ceil_of_float", equals(via_float), why)], IDEA_INT)
        except TimedOut as e:
            raise TimedOut(e.message + Text(
                f"\n  Counting the batches one by one (a loop that subtracts batch_size, or range over the "
                f"samples) takes one loop step per batch: {_ceil(n, b):,} steps here. The count is arithmetic: "
                "(n + b - 1) // b, or n // b with drop_last.",
                f"\n  배치를 하나씩 세면(batch_size를 빼는 반복문, 샘플에 대한 range) 배치마다 반복 한 번이 "
                f"필요합니다: 여기서는 {_ceil(n, b):,}번입니다. 개수는 산술로 구하세요: (n + b - 1) // b, "
                "drop_last이면 n // b.")) from None


@check("total_updates", points=2)
def test_total_updates(sub):
    once = Text("This is ceil(epochs × n / b): it rounds once over all epochs, but every epoch ends with its "
                "own partial batch. Multiply the per-epoch count by epochs.",
                "이것은 ceil(epochs × n / b)입니다: 모든 에폭을 합쳐 한 번만 올림했지만, 에폭마다 덜 찬 "
                "마지막 배치가 따로 있습니다. 에폭당 횟수에 epochs를 곱하세요.")
    for n, b, e in ((3000, 64, 10), (100, 10, 3), (10, 4, 5)):
        exp = e * _ceil(n, b)
        mistakes = [m for m in (_floor(e * (n // b)), Mistake("total_rounded_once", equals(_ceil(e * n, b)), once))
                    if not m.detect(exp)]
        _count(sub, "total_updates", (n, b, e), {}, exp, mistakes, IDEA_TOTAL)
    _count(sub, "total_updates", (3000, 64, 10), {"drop_last": True}, 460, [_ignored_drop(470)], IDEA_TOTAL)
    _count(sub, "total_updates", (3000, 64, 0), {}, 0, [], IDEA_TOTAL)


# ------------------------------------------------------------------ batch_shapes
def _expected_shapes(n, b, sample_shape, drop_last=False):
    full, left = divmod(n, b)
    out = [(b, *sample_shape)] * full
    if left and not drop_last:
        out.append((left, *sample_shape))
    return out


def _shapes(sub, n, b, sample_shape, drop_last=None):
    kwargs = {} if drop_last is None else {"drop_last": drop_last}
    args = (n, b, sample_shape)
    call = describe_call("batch_shapes", args, kwargs)
    exp = _expected_shapes(n, b, sample_shape, bool(drop_last))
    try:
        got = sub.call("batch_shapes", *args, **kwargs)
    except Problem:
        last = sub.last
        if last is not None and last.status == J.UNSENDABLE and "type Size" in (last.message or ""):
            raise report(call, exp, "a list holding torch.Size objects", Text(
                "torch.Size is not a plain tuple: convert each shape with tuple(...) (e.g. tuple(batch.shape)), or "
                "build it directly as (k, *sample_shape).",
                "torch.Size는 일반 tuple이 아닙니다: 각 모양을 tuple(...)로 바꾸거나(예: tuple(batch.shape)) "
                "(k, *sample_shape)로 직접 만드세요."), IDEA_SHAPES, mistake="returns_torch_size") from None
        raise
    left = n % b
    idea = IDEA_DROP if drop_last else IDEA_SHAPES

    def bad(en, ko, mistake=None):
        return report(call, exp, got, Text(en, ko), idea, mistake)

    if type(got) is not list:
        if isinstance(got, (tuple, list)):
            raise bad(f"Expected a list of shapes, got a {type(got).__name__}: return a list.",
                      f"모양들의 list가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다: list를 돌려주세요.")
        raise bad(f"Expected a list of shapes, got a {type(got).__name__}.",
                  f"모양들의 list가 와야 하는데 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다.")
    for i, s in enumerate(got):
        if type(s) is not tuple:
            raise bad(f"Item {i} is a {type(s).__name__} ({show(s)}): every shape must be a tuple of ints, "
                      f"like {exp[0] if exp else (b, *sample_shape)}.",
                      f"{i}번째 항목이 {type(s).__name__}({show(s)})입니다: 각 모양은 "
                      f"{exp[0] if exp else (b, *sample_shape)}처럼 int의 tuple이어야 합니다.", mistake="shape_not_tuple")
        if any(type(x) is not int for x in s):
            nested = any(isinstance(x, (tuple, list)) for x in s)
            if nested:
                raise bad(f"Item {i} is {show(s)}: sample_shape was put in as one element. Unpack it: "
                          "(k, *sample_shape).",
                          f"{i}번째 항목이 {show(s)}입니다: sample_shape가 원소 하나로 들어갔습니다. "
                          "풀어서 넣으세요: (k, *sample_shape).", mistake="nested_sample_shape")
            raise bad(f"Item {i} is {show(s)}: every entry of a shape must be a Python int.",
                      f"{i}번째 항목이 {show(s)}입니다: 모양의 각 원소는 Python int여야 합니다.")
    if got == exp:
        return
    full_only = [(b, *sample_shape)] * (n // b)
    if not drop_last and left and got == full_only:
        raise bad(f"{len(got)} batches came back, {len(exp)} expected: the last partial batch "
                  f"{exp[-1]} is missing. Keep it unless drop_last=True.",
                  f"배치 {len(exp)}개가 와야 하는데 {len(got)}개가 왔습니다: 마지막 덜 찬 배치 {exp[-1]}{i_ga(exp[-1])} "
                  "빠졌습니다. drop_last=True가 아니면 남겨 두세요.", mistake="last_batch_always_dropped")
    if drop_last and left and got == _expected_shapes(n, b, sample_shape, False):
        raise bad(f"The last batch {got[-1]} was kept: drop_last=True was ignored.",
                  f"마지막 배치 {got[-1]}{i_ga(got[-1])} 남아 있습니다: drop_last=True가 무시되었습니다.", mistake="ignores_drop_last")
    if left and got == [(b, *sample_shape)] * _ceil(n, b):
        raise bad(f"Every batch has {b} rows, but the last one holds only the {left} leftover samples "
                  f"({n} % {b} = {left}).",
                  f"모든 배치가 {b}행이지만, 마지막 배치에는 남은 샘플 {left}개만 있습니다"
                  f"({n} % {b} = {left}).", mistake="last_batch_full_size")
    if got[:len(exp)] == exp and len(got) == len(exp) + 1 and got[-1][:1] == (0,):
        raise bad(f"An empty batch {got[-1]} was added at the end: when n % batch_size == 0 nothing is left "
                  "over, so there is no extra batch.",
                  f"끝에 빈 배치 {got[-1]}{i_ga(got[-1])} 추가되었습니다: n % batch_size == 0이면 남는 샘플이 없으므로 "
                  "추가 배치도 없습니다.", mistake="plus_one")
    if len(got) != len(exp):
        raise bad(f"{len(got)} batches came back, {len(exp)} expected.",
                  f"배치 {len(exp)}개가 와야 하는데 {len(got)}개가 왔습니다.")
    i = next(i for i, (g, e) in enumerate(zip(got, exp)) if g != e)
    raise bad(f"Batch {i} has shape {got[i]}, expected {exp[i]}.",
              f"{i}번째 배치의 모양이 {got[i]}인데, {exp[i]}이어야 합니다.")


@check("batch_shapes_3000", points=3)
def test_batch_shapes_3000(sub):
    _shapes(sub, 3000, 64, (256,))


@check("batch_shapes_drop_last", points=2)
def test_batch_shapes_drop_last(sub):
    _shapes(sub, 3000, 64, (256,), drop_last=True)
    _shapes(sub, 10, 3, (2, 2), drop_last=True)


@check("batch_shapes_even_and_small", points=2)
def test_batch_shapes_even_and_small(sub):
    _shapes(sub, 128, 32, (3, 32, 32))
    _shapes(sub, 10, 64, (5,))
    _shapes(sub, 10, 64, (5,), drop_last=True)
    _shapes(sub, 0, 8, (2,))


@check("batch_shapes_scalar_samples", points=1)
def test_batch_shapes_scalar(sub):
    _shapes(sub, 10, 4, ())


# ------------------------------------------------------------------ bad arguments
def _returned(got) -> bool:
    """A bad argument was accepted: whatever came back shows the mistake."""
    return True


def _rejects(sub, fn, *args, accepted: Mistake | None = None):
    """Pass only on ValueError; name an assert, or what accepting this argument means."""
    r = sub.reply(fn, *args)
    call = describe_call(fn, args, {})
    if r.status == J.RAISED and r.type == "AssertionError":
        raise report(call, "raises ValueError", f"raises {r.type}: {r.message}", Text(
            "You checked the argument with assert, but assert raises AssertionError (and is skipped entirely "
            "under python -O): it is for catching your own bugs, not for rejecting a caller's bad argument. "
            "Write an if, e.g. `if batch_size < 1: raise ValueError(...)`.",
            "assert로 인자를 검사했는데, assert는 AssertionError를 발생시킵니다(python -O에서는 아예 건너뜁니다): "
            "자기 코드의 버그를 잡는 용도이지 호출한 쪽의 잘못된 인자를 거부하는 용도가 아닙니다. "
            "예: `if batch_size < 1: raise ValueError(...)`처럼 if로 쓰세요."), IDEA_VALID, mistake="assert_checks")
    if r.status == J.OK and accepted is not None:
        raise accepted.report(call, "raises ValueError", r.value, IDEA_VALID)
    sub.expect_raises(("ValueError",), fn, *args, idea=IDEA_VALID)


_NEGATIVE_BATCH = Mistake("batch_size_zero_only", _returned, Text(
    "A negative batch_size was accepted and gave a meaningless count. Rejecting only batch_size == 0 (the case "
    "that divides by zero) is not enough: reject every batch_size < 1.",
    "음수 batch_size를 받아들여 의미 없는 개수를 돌려주었습니다. 0으로 나누게 되는 batch_size == 0만 거부하는 "
    "것으로는 부족합니다: batch_size < 1을 모두 거부하세요."))


@check("rejects_bad_batch_size", points=1)
def test_rejects_bad_batch_size(sub):
    _rejects(sub, "iterations_per_epoch", 10, 0)
    _rejects(sub, "iterations_per_epoch", 10, -4, accepted=_NEGATIVE_BATCH)
    _rejects(sub, "total_updates", 10, 0, 3)
    _rejects(sub, "batch_shapes", 10, 0, (3,))
    _rejects(sub, "batch_shapes", 10, -2, (3,), accepted=_NEGATIVE_BATCH)


@check("rejects_negative_counts", points=1)
def test_rejects_negative_counts(sub):
    negative_n = Mistake("negative_samples_accepted", _returned, Text(
        "A negative n_samples was accepted: a data set cannot hold fewer than 0 samples. "
        "Raise ValueError when n_samples < 0.",
        "음수 n_samples를 받아들였습니다: 데이터셋의 샘플 수는 0보다 작을 수 없습니다. "
        "n_samples < 0이면 ValueError를 발생시키세요."))
    _rejects(sub, "iterations_per_epoch", -1, 4, accepted=negative_n)
    _rejects(sub, "total_updates", -10, 4, 2, accepted=negative_n)
    _rejects(sub, "total_updates", 10, 4, -1, accepted=Mistake("epochs_not_checked", _returned, Text(
        "epochs = -1 was accepted and multiplied into a negative number of updates. iterations_per_epoch never "
        "sees epochs, so total_updates must check it itself: raise ValueError when epochs < 0.",
        "epochs = -1을 받아들여 곱한 결과 업데이트 횟수가 음수가 되었습니다. iterations_per_epoch는 epochs를 "
        "보지 못하므로 total_updates가 직접 검사해야 합니다: epochs < 0이면 ValueError를 발생시키세요.")))
    _rejects(sub, "batch_shapes", -5, 4, (2,), accepted=negative_n)
