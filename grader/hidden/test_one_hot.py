"""Hidden checks for the one_hot exercise. Expected values are built here from torch.arange comparisons."""

import torch

from grader.checks import check
from grader.compare import Mistake, expect_tensor, expect_unchanged, name_mistake, report, show
from grader.i18n import Text, eun_neun, i_ga
from grader.proxy import Problem, describe_call, problem_for

SEED = 20261103
KNOWN_MISTAKES = {
    "columns_by_present_classes": "columns numbered by the classes present in labels, not by the label",
    "no_range_check": "labels at or above num_classes never checked",
    "flattens_batch": "labels flattened: (N*M, C) for an (N, M) batch, (1, C) for a 0-dim label",
    "uses_max_plus_one": "width labels.max() + 1 instead of num_classes",
    "rows_indexed_1d_only": "written for a 1-D batch only: shape (len(labels), C)",
    "class_dim_first": "the class dimension first instead of last",
    "eye_uint8_index": "uint8 labels used as an index: read as a boolean mask",
    "output_not_float32": "the right 0/1 pattern in another dtype than float32",
    "in_place": "modified the labels argument in place",
    "assert_validation": "labels checked with assert (AssertionError) instead of ValueError",
    "float_labels_type_error": "TypeError instead of ValueError for floating-point labels",
    "unchecked_labels": "bad labels not checked: the computation's own error instead of ValueError",
    "no_negative_check": "negative labels accepted",
    "off_by_one_range": "a label equal to num_classes accepted (> instead of >=)",
    "float_labels_accepted": "floating-point labels accepted",
    "decode_wrong_dim": "decode: argmax over a dim other than the last",
    "decode_no_dim": "decode: argmax without dim, one index into the flattened tensor",
    "decode_max_values": "decode: the largest scores instead of their positions",
    "decode_weighted_sum": "decode: sum_c c * scores[..., c] instead of argmax",
    "decode_keepdim": "decode: argmax with keepdim=True",
    "decode_float": "decode: the right indices as floats instead of int64",
}

IDEA_DEF = Text("one_hot(labels, C)[..., c] = 1.0 where labels == c, else 0.0: compare labels.unsqueeze(-1) with "
                "torch.arange(C) and convert to float32.",
                "one_hot(labels, C)[..., c]는 labels == c인 곳에서 1.0, 아니면 0.0입니다: labels.unsqueeze(-1)을 "
                "torch.arange(C)와 비교하고 float32로 바꾸세요.")
IDEA_SHAPE = Text("the result has shape labels.shape + (num_classes,): one new last dimension, nothing flattened.",
                  "결과 모양은 labels.shape + (num_classes,)입니다: 마지막에 차원 하나를 더할 뿐, 평탄화하지 않습니다.")
IDEA_VALID = Text("validate before building: integer dtype, and every label in 0 … num_classes-1, else "
                  "`raise ValueError(...)`.",
                  "만들기 전에 검사하세요: 정수 dtype이고 모든 레이블이 0 … num_classes-1 안에 있어야 하며, 아니면 "
                  "`raise ValueError(...)`.")
IDEA_DECODE = Text("decode(scores) = scores.argmax(dim=-1): the position of the largest score along the last dim, "
                   "int64.",
                   "decode(scores) = scores.argmax(dim=-1): 마지막 차원 방향으로 가장 큰 점수의 위치이며 int64입니다.")


def _gen():
    return torch.Generator().manual_seed(SEED)


def _ref(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    return (labels.long().unsqueeze(-1) == torch.arange(num_classes, device=labels.device)).to(torch.float32)


def _shape(t) -> tuple:
    return tuple(t.shape)


def _by_present_classes(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """The mistaken one-hot whose columns number the classes present in labels, in order."""
    ranks = torch.unique(labels.cpu(), return_inverse=True)[1]
    return torch.nn.functional.one_hot(ranks, num_classes).to(torch.float32)


def _same_values(got: torch.Tensor, want: torch.Tensor) -> bool:
    return tuple(got.shape) == tuple(want.shape) and bool(
        (got.detach().cpu().double() == want.double()).all())


def _diagnose_one_hot(got, labels: torch.Tensor, num_classes: int, call: str, idea: Text) -> None:
    """Name the mistake when the result looks like a known wrong computation."""
    if not isinstance(got, torch.Tensor):
        return
    expected = _ref(labels, num_classes)
    want, have = _shape(expected), _shape(got)
    if have != want:
        if labels.dim() == 0 and have == (1, num_classes):
            raise report(call, expected, got, Text(
                f"A 0-dim label gives one vector of shape ({num_classes},), not (1, {num_classes}): "
                "the labels were flattened (reshape(-1) / view(-1)) or treated as a list of one.",
                f"0차원 레이블 하나는 ({num_classes},) 모양의 벡터 하나가 되어야 하며 (1, {num_classes})가 "
                "아닙니다: 레이블을 평탄화했거나(reshape(-1) / view(-1)) 원소 하나짜리 목록으로 다뤘습니다."),
                idea, mistake="flattens_batch")
        elif labels.dim() > 1 and have == (labels.numel(), num_classes):
            raise report(call, expected, got, Text(
                f"The {tuple(labels.shape)} batch of labels was flattened to {labels.numel()} rows: "
                f"the result must keep the label shape and add one last dim, {want}.",
                f"{tuple(labels.shape)} 모양의 레이블 배치가 {labels.numel()}개 행으로 평탄화되었습니다: "
                f"결과는 레이블 모양을 유지하고 마지막에 차원 하나를 더해야 합니다: {want}."),
                idea, mistake="flattens_batch")
        elif labels.numel() > 0 and have == _shape(labels) + (int(labels.max()) + 1,) \
                and int(labels.max()) + 1 != num_classes:
            raise report(call, expected, got, Text(
                f"The width is labels.max()+1 = {int(labels.max()) + 1}, not num_classes = {num_classes}: "
                "num_classes was ignored. The data need not contain every class; the width comes from "
                "num_classes.",
                f"너비가 num_classes = {num_classes}가 아니라 labels.max()+1 = {int(labels.max()) + 1}입니다: "
                "num_classes를 무시했습니다. 데이터에 모든 클래스가 있다는 보장은 없으니 너비는 num_classes로 "
                "정해야 합니다."), idea, mistake="uses_max_plus_one")
        elif labels.dim() > 1 and have == (labels.shape[0], num_classes):
            raise report(call, expected, got, Text(
                f"Shape {have} is (len(labels), num_classes): the code was written only for a 1-D batch "
                f"(torch.zeros(len(labels), C), a loop over the rows). A {tuple(labels.shape)} batch needs "
                f"one vector per label, shape labels.shape + (C,) = {want}: compare labels.unsqueeze(-1) "
                "with torch.arange(num_classes).",
                f"모양 {have}{eun_neun(have)} (len(labels), num_classes)입니다: 1차원 배치만 생각하고 쓴 코드입니다"
                f"(torch.zeros(len(labels), C), 행에 대한 반복문). {tuple(labels.shape)} 배치에는 레이블마다 벡터가 "
                f"하나씩 필요해서 모양이 labels.shape + (C,) = {want}입니다: labels.unsqueeze(-1)을 "
                "torch.arange(num_classes)와 비교하세요."), idea, mistake="rows_indexed_1d_only")
        elif labels.dim() >= 1 and have == (num_classes,) + _shape(labels):
            raise report(call, expected, got, Text(
                f"The class dimension came first, {have}, but it must be the last one, {want}: compare "
                "labels.unsqueeze(-1) with torch.arange(num_classes), not the other way round.",
                f"클래스 차원이 맨 앞에 왔습니다({have}). 맨 뒤에 와야 합니다({want}): torch.arange(num_classes)를 "
                "labels.unsqueeze(-1)과 비교하세요(반대로 하지 말고)."), idea, mistake="class_dim_first")
        elif labels.dtype == torch.uint8:
            raise report(call, expected, got, Text(
                "A uint8 tensor used as an index (e.g. torch.eye(C)[labels] or out[i, labels]) is read as a "
                "boolean mask, not as class numbers. Convert first: labels.long().",
                "uint8 텐서를 인덱스로 쓰면(예: torch.eye(C)[labels], out[i, labels]) 클래스 번호가 아니라 "
                "불리언 마스크로 해석됩니다. 먼저 바꾸세요: labels.long()."), idea, mistake="eye_uint8_index")
    elif labels.numel() > 0 and not labels.is_floating_point() and got.is_floating_point() \
            and _same_values(got, _by_present_classes(labels, num_classes)) and not _same_values(got, expected):
        raise report(call, expected, got, Text(
            "Each label went to its position among the classes present in labels (as np.unique or torch.unique "
            "numbers them), not to its own column: a class that does not occur shifts every larger label one "
            "column to the left. The column is the label itself: row i has its 1 at column labels[i].",
            "각 레이블이 자기 열이 아니라, labels에 들어 있는 클래스 가운데 몇 번째인지(np.unique나 torch.unique의 "
            "번호)에 따른 열로 갔습니다: 나오지 않는 클래스가 있으면 그보다 큰 레이블이 모두 한 열씩 왼쪽으로 "
            "밀립니다. 열은 레이블 그 자체입니다: i번째 행은 labels[i] 열에 1이 있습니다."), IDEA_DEF,
            mistake="columns_by_present_classes")
    elif got.dtype != torch.float32:
        same = bool((got.detach().cpu().double() == expected.cpu().double()).all()) \
            if not got.is_complex() else False
        if same:
            raise report(call, expected, got, Text(
                f"The 0/1 pattern is right but the dtype is {str(got.dtype).replace('torch.', '')}: one-hot "
                "vectors are float32, so they mix with float scores and losses. Convert with "
                ".to(torch.float32) (or make the zeros with dtype=torch.float32).",
                f"0/1 배치는 맞지만 dtype이 {str(got.dtype).replace('torch.', '')}입니다: 원-핫 벡터는 실수 "
                "점수, 손실과 함께 계산되므로 float32입니다. .to(torch.float32)로 바꾸세요(또는 zeros를 "
                "dtype=torch.float32로 만드세요)."), idea, mistake="output_not_float32")


def _raised_hint(r, labels: torch.Tensor) -> Text | None:
    """What a learner's exception while building the vectors usually means, for these labels."""
    msg = r.message or ""
    if labels.dim() != 1 and ("0-d tensor" in msg or "indexing tensors could not be broadcast" in msg):
        return Text(
            f"\n  The code works only for a 1-D batch: len(labels), `for l in labels` or "
            f"out[torch.arange(len(labels)), labels] assume labels has shape (N,), but these labels have shape "
            f"{tuple(labels.shape)}. Build on labels.shape instead: (labels.unsqueeze(-1) == "
            "torch.arange(num_classes)) gives shape labels.shape + (num_classes,) for any shape.",
            f"\n  1차원 배치에서만 동작하는 코드입니다: len(labels), `for l in labels`, "
            f"out[torch.arange(len(labels)), labels]는 labels 모양이 (N,)이라고 가정하는데, 이 레이블의 모양은 "
            f"{tuple(labels.shape)}입니다. labels.shape를 기준으로 만드세요: (labels.unsqueeze(-1) == "
            "torch.arange(num_classes))는 어떤 모양에서도 labels.shape + (num_classes,) 모양이 됩니다.")
    if "for index" in msg and ("int64" in msg or "Long" in msg):
        return Text(
            f"\n  scatter_/gather take int64 (or int32) indices, and these labels are "
            f"{str(labels.dtype).replace('torch.', '')}: convert with labels.long() before using them as an index.",
            f"\n  scatter_/gather는 int64(또는 int32) 인덱스를 받는데 이 레이블은 "
            f"{str(labels.dtype).replace('torch.', '')}입니다: 인덱스로 쓰기 전에 labels.long()으로 바꾸세요.")
    return None


def _call_one_hot(sub, labels: torch.Tensor, num_classes: int, call: str):
    """sub.one_hot(labels, num_classes), with an error that tells a known mistake explained."""
    r = sub.reply("one_hot", labels, num_classes)
    if r.status == "raised":
        problem = problem_for(r, call)
        hint = _raised_hint(r, labels)
        raise Problem(problem.message + hint) if hint is not None else problem
    return r.value


def _one_hot_case(sub, labels: torch.Tensor, num_classes: int, call: str, idea: Text = IDEA_DEF) -> None:
    got = _call_one_hot(sub, labels, num_classes, call)
    _diagnose_one_hot(got, labels, num_classes, call, idea)
    expect_tensor(got, _ref(labels, num_classes), call=call, idea=idea)


# ------------------------------------------------------------------ one_hot: values and shapes
@check("basic_1d", points=2, cuda=True)
def test_basic_1d(sub, device):
    labels = torch.tensor([2, 0, 1, 2], device=device)
    _one_hot_case(sub, labels, 3, f"one_hot({show(labels)}, 3)")


@check("output_float32", points=1)
def test_output_float32(sub):
    labels = torch.tensor([1, 0, 3])
    _one_hot_case(sub, labels, 4, f"one_hot({show(labels)}, 4)", Text(
        "one-hot vectors are float32 (torch.zeros(..., dtype=torch.float32) or (...).to(torch.float32)).",
        "원-핫 벡터는 float32입니다(torch.zeros(..., dtype=torch.float32) 또는 (...).to(torch.float32))."))


@check("num_classes_respected", points=1)
def test_num_classes(sub):
    labels = torch.tensor([0, 1, 1, 0])
    _one_hot_case(sub, labels, 5, f"one_hot({show(labels)}, 5)", Text(
        "the width is num_classes, whatever labels contains: classes 2, 3, 4 just have no sample in this batch.",
        "너비는 labels 내용과 상관없이 num_classes입니다: 이 배치에는 클래스 2, 3, 4의 샘플이 없을 뿐입니다."))


@check("batch_2d", points=2, cuda=True)
def test_batch_2d(sub, device):
    labels = torch.randint(0, 4, (2, 3), generator=_gen()).to(device)
    _one_hot_case(sub, labels, 4, f"one_hot(labels, 4), labels = torch.randint(0, 4, (2, 3)) (seed {SEED}) "
                                  f"= {show(labels)}", IDEA_SHAPE)


@check("scalar_label", points=1)
def test_scalar_label(sub):
    labels = torch.tensor(2)
    _one_hot_case(sub, labels, 4, f"one_hot({show(labels)}, 4)", IDEA_SHAPE)


@check("empty_labels", points=1)
def test_empty_labels(sub):
    for labels in (torch.zeros(0, dtype=torch.int64), torch.zeros(2, 0, dtype=torch.int64)):
        call = f"one_hot({show(labels)}, 3)"
        r = sub.reply("one_hot", labels, 3)
        if r.status == "raised":
            problem = problem_for(r, call)
            if "numel() == 0" in (r.message or "") or "empty" in (r.message or "").lower():
                raise Problem(problem.message + Text(
                    "\n  An empty tensor has no min or max: test `labels.numel() > 0` before labels.min()/max(), "
                    "or use `(labels < 0).any()`, which is simply False for no labels.",
                    "\n  빈 텐서에는 min도 max도 없습니다: labels.min()/max() 전에 `labels.numel() > 0`을 "
                    "확인하거나, 레이블이 없으면 그냥 False가 되는 `(labels < 0).any()`를 쓰세요."))
            hint = _raised_hint(r, labels)
            raise Problem(problem.message + hint) if hint is not None else problem
        _diagnose_one_hot(r.value, labels, 3, call, IDEA_SHAPE)
        expect_tensor(r.value, _ref(labels, 3), call=call, idea=IDEA_SHAPE)


@check("other_int_dtypes", points=1)
def test_other_int_dtypes(sub):
    idea = Text("labels of any integer dtype (int32, uint8, …) are class numbers; convert with labels.long() "
                "before using them as indices.",
                "어떤 정수 dtype(int32, uint8, …)의 labels든 클래스 번호입니다: 인덱스로 쓰기 전에 labels.long()으로 "
                "바꾸세요.")
    for values, dtype in (([2, 0, 1, 1], torch.int32), ([2, 0, 1], torch.uint8)):
        labels = torch.tensor(values, dtype=dtype)
        _one_hot_case(sub, labels, 3, f"one_hot({show(labels)}, 3)", idea)


@check("input_not_modified", points=1)
def test_input_not_modified(sub):
    labels = torch.tensor([[1, 0], [2, 1]])
    got, after = sub.call_and_args("one_hot", labels, 3)
    expect_unchanged(f"one_hot({show(labels)}, 3)", {"labels": (labels, after[0])}, Text(
        "Your function changed its labels argument in place (e.g. labels.unsqueeze_(-1), labels[...] = …, "
        "or an in-place dtype/shape change). Callers keep using their labels: use labels.unsqueeze(-1) "
        "(no underscore), which makes a new view.",
        "함수가 labels 인자를 제자리에서 바꿨습니다(예: labels.unsqueeze_(-1), labels[...] = …, 제자리 dtype/모양 "
        "변경). 호출한 쪽은 labels를 계속 씁니다: 새 뷰를 만드는 labels.unsqueeze(-1)(밑줄 없이)을 쓰세요."),
        mistake="in_place")
    _diagnose_one_hot(got, labels, 3, f"one_hot({show(labels)}, 3)", IDEA_DEF)
    expect_tensor(got, _ref(labels, 3), call=f"one_hot({show(labels)}, 3)", idea=IDEA_DEF)


# ------------------------------------------------------------------ one_hot: bad labels
def _expect_value_error(sub, labels: torch.Tensor, num_classes: int, returned: list[Mistake]) -> None:
    """Pass only on ValueError; name what happened otherwise (``returned``: what a result that came back
    shows)."""
    call = describe_call("one_hot", (labels, num_classes), {})
    r = sub.reply("one_hot", labels, num_classes)
    if r.status == "ok":
        name_mistake(r.value, returned, call=call, expected="raises ValueError", idea=IDEA_VALID)
        raise report(call, "raises ValueError", r.value, Text(
            "These labels are invalid, so one_hot should raise ValueError instead of returning a result.",
            "잘못된 레이블이므로 one_hot은 결과를 반환하지 말고 ValueError를 발생시켜야 합니다."), IDEA_VALID)
    if r.type == "AssertionError":
        raise report(call, "raises ValueError", f"raises {r.type}: {r.message}", Text(
            "You checked the labels with assert, but assert raises AssertionError (and is skipped entirely under "
            "python -O): it is for catching your own bugs, not for rejecting a caller's bad input. Write "
            "`if ...: raise ValueError(\"...\")`.",
            "assert로 레이블을 검사했는데, assert는 AssertionError를 발생시킵니다(python -O에서는 아예 건너뜁니다): "
            "자기 코드의 버그를 잡는 용도이지 호출한 쪽의 잘못된 입력을 거부하는 용도가 아닙니다. "
            "`if ...: raise ValueError(\"...\")`로 쓰세요."), IDEA_VALID, mistake="assert_validation")
    if r.type == "TypeError" and labels.is_floating_point():
        raise report(call, "raises ValueError", f"raises {r.type}: {r.message}", Text(
            "It raised TypeError for floating-point labels. A wrong dtype can feel like a TypeError, but the "
            "contract of one_hot is ValueError for every kind of bad labels (float dtype, negative, too large), "
            "so a caller catches a single exception type. Raise ValueError when labels.is_floating_point().",
            "실수형 레이블에 TypeError를 발생시켰습니다. 잘못된 dtype은 TypeError처럼 느껴지지만, one_hot의 약속은 "
            "모든 종류의 잘못된 레이블(실수 dtype, 음수, 너무 큰 값)에 ValueError이므로 호출한 쪽은 예외 하나만 "
            "잡으면 됩니다. labels.is_floating_point()이면 ValueError를 발생시키세요."), IDEA_VALID,
            mistake="float_labels_type_error")
    if r.type != "ValueError":
        raise report(call, "raises ValueError", f"raises {r.type}: {r.message}", Text(
            f"It raised {r.type}, which comes from the computation tripping over the bad label, not from a check "
            "of yours. Check the labels first and raise ValueError with a clear message.",
            f"{r.type}{i_ga(r.type)} 발생했습니다. 이는 직접 한 검사가 아니라 잘못된 레이블 때문에 계산이 실패한 것입니다. "
            "먼저 레이블을 검사하고 명확한 메시지와 함께 ValueError를 발생시키세요."), IDEA_VALID,
            mistake="unchecked_labels")


@check("negative_rejected", points=1)
def test_negative_rejected(sub):
    def wrapped(got):
        return isinstance(got, torch.Tensor) and _shape(got) == (3, 3) and float(got[1, 2]) == 1.0

    def zeroed(got):
        return isinstance(got, torch.Tensor) and _shape(got) == (3, 3) and float(got[1].abs().sum()) == 0.0

    _expect_value_error(sub, torch.tensor([0, -1, 2]), 3, [
        Mistake("no_negative_check", wrapped, Text(
            "Label -1 was silently turned into the last class (negative indices count from the end), "
            "so a data bug becomes a wrong target. Reject negative labels with ValueError.",
            "레이블 -1이 조용히 마지막 클래스로 바뀌었습니다(음수 인덱스는 뒤에서부터 셉니다). 데이터 오류가 "
            "틀린 정답이 됩니다. 음수 레이블은 ValueError로 거부하세요.")),
        Mistake("no_negative_check", zeroed, Text(
            "Label -1 silently became a row of zeros. Reject negative labels with ValueError.",
            "레이블 -1이 조용히 0으로만 된 행이 되었습니다. 음수 레이블은 ValueError로 거부하세요."))])
    _expect_value_error(sub, torch.tensor([[0, 1], [2, -3]]), 3, [])


def _tensor(got) -> bool:
    """An invalid label accepted: any tensor that came back shows the mistake."""
    return isinstance(got, torch.Tensor)


@check("too_large_rejected", points=1)
def test_too_large_rejected(sub):
    # evidence first: is a label far out of range refused? then the check exists and is off by one
    far = sub.reply("one_hot", torch.tensor([7, 0]), 3)
    no_check = Mistake("no_range_check", _tensor, Text(
        "Labels at or above num_classes are not checked at all: both 3 and 7 with num_classes = 3 were accepted. "
        "Valid labels are 0 … num_classes-1: raise ValueError when labels.max() >= num_classes.",
        "num_classes 이상의 레이블을 전혀 검사하지 않습니다: num_classes = 3인데 3도 7도 받아들였습니다. 유효한 "
        "레이블은 0 … num_classes-1입니다: labels.max() >= num_classes이면 ValueError를 발생시키세요."))
    if far.status == "ok":
        _expect_value_error(sub, torch.tensor([0, 1, 3]), 3, [no_check])
        _expect_value_error(sub, torch.tensor([7, 0]), 3, [no_check])
    off_by_one = Mistake("off_by_one_range", _tensor, Text(
        "Label 3 with num_classes = 3 was accepted: valid labels are 0 … num_classes-1, so a label "
        "equal to num_classes is already out of range (off by one: use >= num_classes, not >).",
        "num_classes = 3인데 레이블 3을 받아들였습니다: 유효한 레이블은 0 … num_classes-1이므로 "
        "num_classes와 같은 레이블도 이미 범위 밖입니다(하나 차이: > 대신 >= num_classes)."))
    _expect_value_error(sub, torch.tensor([0, 1, 3]), 3, [off_by_one])
    _expect_value_error(sub, torch.tensor([7, 0]), 3, [])


@check("non_integer_rejected", points=1)
def test_non_integer_rejected(sub):
    accepted = Mistake("float_labels_accepted", _tensor, Text(
        "Floating-point labels were accepted. Class labels are integers; a float tensor usually means "
        "predictions or scores were passed by mistake, and .long() would silently turn 1.5 into 1. "
        "Raise ValueError when labels.is_floating_point().",
        "실수형 레이블을 받아들였습니다. 클래스 레이블은 정수입니다: 실수 텐서는 대개 예측값이나 점수를 "
        "잘못 넘긴 것이며, .long()은 1.5를 조용히 1로 바꿉니다. labels.is_floating_point()이면 "
        "ValueError를 발생시키세요."))
    _expect_value_error(sub, torch.tensor([0.0, 2.0]), 3, [accepted])
    _expect_value_error(sub, torch.tensor([1.5], dtype=torch.float64), 3, [accepted])


# ------------------------------------------------------------------ decode
def _diagnose_decode(got, scores: torch.Tensor, call: str) -> None:
    if not isinstance(got, torch.Tensor):
        return
    expected = scores.argmax(dim=-1)
    g = got.detach().cpu()
    s = scores.cpu()
    C = s.shape[-1]

    def gives(cand):
        """A detector: ``got`` is ``cand``, which differs from the expected classes."""
        return lambda got: _shape(g) == _shape(cand) and not (_shape(cand) == _shape(expected) and torch.equal(
            cand.double(), expected.cpu().double())) and not g.is_complex() \
            and torch.allclose(g.double(), cand.double(), atol=1e-6)

    candidates = []
    for d in range(s.dim() - 1):
        candidates.append(Mistake("decode_wrong_dim", gives(s.argmax(dim=d)), Text(
            f"This is the argmax over dim {d}: it compares samples with each other instead of the classes of "
            "each sample. The classes are the last dim: argmax(dim=-1).",
            f"dim {d}에 대한 argmax입니다: 각 샘플의 클래스끼리가 아니라 샘플끼리 비교합니다. 클래스는 마지막 "
            "차원입니다: argmax(dim=-1).")))
    if s.dim() >= 2:
        candidates.append(Mistake("decode_no_dim", gives(s.argmax()), Text(
            "argmax without dim flattens the whole tensor and returns one index into it. Give the dim: "
            "argmax(dim=-1).",
            "dim 없는 argmax는 텐서 전체를 평탄화해서 인덱스 하나만 돌려줍니다. dim을 주세요: argmax(dim=-1).")))
    candidates.append(Mistake("decode_max_values", gives(s.max(dim=-1).values), Text(
        "These are the largest scores themselves, not their positions: .max(dim=-1) returns (values, indices); "
        "take .indices (or use argmax(dim=-1)).",
        "가장 큰 점수 자체이지 그 위치가 아닙니다: .max(dim=-1)은 (values, indices)를 돌려주니 .indices를 "
        "쓰세요(또는 argmax(dim=-1)).")))
    candidates.append(Mistake("decode_weighted_sum", gives((s * torch.arange(C, dtype=s.dtype)).sum(dim=-1)), Text(
        "This is sum_c c·scores[..., c], a weighted sum of class numbers: it equals the class only for exact "
        "one-hot rows. For real scores take the position of the largest: argmax(dim=-1).",
        "sum_c c·scores[..., c], 즉 클래스 번호의 가중합입니다: 정확한 원-핫 행에서만 클래스와 같습니다. 실제 "
        "점수에는 가장 큰 값의 위치를 구하세요: argmax(dim=-1).")))
    candidates.append(Mistake("decode_keepdim", gives(s.argmax(dim=-1, keepdim=True)), Text(
        "keepdim=True leaves a trailing dimension of size 1: decode returns shape scores.shape[:-1].",
        "keepdim=True는 크기 1인 마지막 차원을 남깁니다: decode는 scores.shape[:-1] 모양을 반환합니다.")))
    name_mistake(got, candidates, call=call, expected=expected, idea=IDEA_DECODE)
    if g.dtype != torch.int64 and _shape(g) == _shape(expected) and not g.is_complex() \
            and torch.equal(g.double(), expected.cpu().double()):
        raise report(call, expected, got, Text(
            f"The indices are right but the dtype is {str(g.dtype).replace('torch.', '')}: class indices are "
            "int64, which is what argmax returns (and what F.cross_entropy expects as targets). Drop the "
            ".float() conversion.",
            f"인덱스는 맞지만 dtype이 {str(g.dtype).replace('torch.', '')}입니다: 클래스 인덱스는 argmax가 "
            "돌려주는 int64입니다(F.cross_entropy가 정답으로 기대하는 것도 int64). .float() 변환을 빼세요."),
            IDEA_DECODE, mistake="decode_float")


def _decode_case(sub, scores: torch.Tensor, call: str) -> None:
    got = sub.decode(scores)
    _diagnose_decode(got, scores, call)
    expect_tensor(got, scores.argmax(dim=-1), call=call, idea=IDEA_DECODE)


@check("decode_rows", points=2, cuda=True)
def test_decode_rows(sub, device):
    scores = torch.randn(5, 4, generator=_gen()).to(device)
    _decode_case(sub, scores, f"decode(scores), scores = torch.randn(5, 4) (seed {SEED})")


@check("decode_square", points=1)
def test_decode_square(sub):
    # (N, N): argmax over the wrong dim keeps the shape here instead of failing on it
    scores = torch.tensor([[0.1, 0.9, 0.0, 0.2], [0.8, 0.1, 0.05, 0.05],
                           [0.2, 0.7, 0.5, 0.1], [0.3, 0.1, 0.6, 0.5]])
    _decode_case(sub, scores, f"decode({show(scores)})")


@check("decode_3d", points=1, cuda=True)
def test_decode_3d(sub, device):
    scores = torch.randn(2, 3, 4, generator=_gen()).to(device)
    _decode_case(sub, scores, f"decode(scores), scores = torch.randn(2, 3, 4) (seed {SEED})")


@check("decode_single_vector", points=1)
def test_decode_single_vector(sub):
    scores = torch.tensor([0.1, 2.0, -1.0, 0.5])
    _decode_case(sub, scores, f"decode({show(scores)})")


@check("decode_int64", points=1)
def test_decode_int64(sub):
    labels = torch.tensor([3, 0, 2])
    scores = _ref(labels, 4)
    got = sub.decode(scores)
    call = f"decode({show(scores)})"
    _diagnose_decode(got, scores, call)
    expect_tensor(got, labels, call=call, idea=Text(
        "decode returns class indices as int64, the inverse of one_hot: decode(one_hot(labels, C)) == labels.",
        "decode는 클래스 인덱스를 int64로 돌려주는 one_hot의 역함수입니다: decode(one_hot(labels, C)) == labels."))
