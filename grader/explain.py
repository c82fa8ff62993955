"""What a common Python or PyTorch error usually means, in words a learner can act on.

Used when a learner's function raises: the error's own message says what broke,
this says which habit to change. Matching is on the exception type and message
only, so it applies to every exercise alike.
"""

from __future__ import annotations

import re

from grader.i18n import Text

# (exception types or None for any, pattern in the message, explanation)
_KNOWN: list[tuple[tuple[str, ...] | None, re.Pattern, Text]] = [
    (("TypeError",), re.compile(r"torch\.return_types\.(max|min|sort|topk|mode|median)"), Text(
        "With a dim given, x.max(dim) / x.min(dim) return a (values, indices) pair, not a tensor: "
        "take .values (or [0]).",
        "dim을 주면 x.max(dim) / x.min(dim)은 텐서가 아니라 (values, indices) 쌍을 돌려줍니다: "
        ".values(또는 [0])를 쓰세요.")),
    (None, re.compile(r"mat1 and mat2 shapes cannot be multiplied|size mismatch, got|"
                      r"Expected size for first two dimensions of batch2"), Text(
        "A matrix product's inner sizes differ: for A @ B the last size of A must equal the first of B. "
        "Print the shapes; a transpose (.T) or the order of the factors is usually off.",
        "행렬 곱의 안쪽 크기가 다릅니다: A @ B에서 A의 마지막 크기와 B의 첫 크기가 같아야 합니다. "
        "모양을 출력해 보세요. 보통 전치(.T)나 곱하는 순서가 틀렸습니다.")),
    (None, re.compile(r"The size of tensor a \(\d+\) must match the size of tensor b \(\d+\)"), Text(
        "Two tensors were combined elementwise but their shapes do not broadcast: line the dimensions up "
        "(keepdim=True on reductions, or unsqueeze/reshape).",
        "두 텐서를 원소별로 합쳤는데 모양이 브로드캐스팅되지 않습니다: 차원을 맞추세요"
        "(축소 연산에 keepdim=True, 또는 unsqueeze/reshape).")),
    (None, re.compile(r"expected (scalar type|m1 and m2 to have the same dtype|both vectors to have same dtype)|"
                      r"found dtype \w+ but expected|result type \w+ can't be cast"), Text(
        "Two tensors of different dtypes met (e.g. float32 and float64, or int64 and float). Make new "
        "tensors with dtype=x.dtype, and convert integer input with .to(torch.float32) first.",
        "dtype이 다른 두 텐서가 만났습니다(예: float32와 float64, int64와 float). 새 텐서는 dtype=x.dtype으로 "
        "만들고, 정수 입력은 먼저 .to(torch.float32)로 바꾸세요.")),
    (None, re.compile(r"Expected all tensors to be on the same device|can't convert cuda"), Text(
        "Tensors on different devices met. Create new tensors on the input's device (device=x.device) "
        "and avoid .cpu()/.numpy() round trips.",
        "서로 다른 장치의 텐서가 만났습니다. 새 텐서는 입력과 같은 장치에 만들고(device=x.device) "
        ".cpu()/.numpy() 왕복을 피하세요.")),
    (None, re.compile(r"Can't call numpy\(\) on Tensor that requires grad"), Text(
        "numpy() cuts the autograd graph, so torch refuses it on a tensor that tracks gradients: "
        "stay in torch operations.",
        "numpy()는 autograd 그래프를 끊기 때문에 기울기를 추적하는 텐서에는 쓸 수 없습니다: torch 연산만 쓰세요.")),
    (None, re.compile(r"a leaf Variable that requires grad is being used in an in-place operation"), Text(
        "A parameter was updated in place while autograd was recording. Do updates inside "
        "`with torch.no_grad():` (or let an optimizer's step() do them).",
        "autograd가 기록하는 중에 파라미터를 제자리에서 바꿨습니다. 업데이트는 `with torch.no_grad():` 안에서 "
        "하세요(또는 optimizer의 step()에 맡기세요).")),
    (None, re.compile(r"does not require grad and does not have a grad_fn"), Text(
        "backward() was called on a value with no autograd graph: something cut it (.detach(), .item(), "
        "numpy, torch.tensor(...) of a result, or torch.no_grad() around the forward pass).",
        "autograd 그래프가 없는 값에서 backward()를 불렀습니다: 무언가가 그래프를 끊었습니다(.detach(), .item(), "
        "numpy, 결과로 torch.tensor(...) 만들기, 또는 순전파를 감싼 torch.no_grad()).")),
    (None, re.compile(r"backward through the graph a second time"), Text(
        "backward() ran twice through the same graph: one forward pass, one backward() per batch.",
        "같은 그래프로 backward()를 두 번 실행했습니다: 배치마다 순전파 한 번, backward() 한 번입니다.")),
    (None, re.compile(r"grad can be implicitly created only for scalar outputs"), Text(
        "backward() needs a single number: reduce the loss to a scalar (e.g. .mean()) first.",
        "backward()에는 숫자 하나가 필요합니다: 먼저 손실을 스칼라로 줄이세요(예: .mean()).")),
    (None, re.compile(r"only one element tensors can be converted to Python scalars|"
                      r"a Tensor with \d+ elements cannot be converted to Scalar"), Text(
        ".item() / float() work only on a tensor with one element: reduce it first, or keep it a tensor.",
        ".item() / float()은 원소가 하나인 텐서에만 됩니다: 먼저 줄이거나 텐서로 두세요.")),
    (("IndexError",), re.compile(r"Dimension out of range"), Text(
        "A dim does not exist on this tensor: a 1-D tensor only has dim 0 (or -1). Negative dims count "
        "from the end and work for any number of dimensions.",
        "이 텐서에 없는 dim입니다: 1차원 텐서에는 dim 0(또는 -1)만 있습니다. 음수 dim은 끝에서부터 세므로 "
        "차원 수와 상관없이 쓸 수 있습니다.")),
]


def explain(error_type: str | None, message: str | None) -> Text | None:
    """The lesson behind an error, or None when it is not a known one."""
    if not message:
        return None
    for types, pattern, lesson in _KNOWN:
        if (types is None or error_type in types) and pattern.search(message):
            return lesson
    return None


_PAIRS = {"max", "min", "sort", "topk", "mode", "median", "kthvalue"}


def explain_unsendable(type_name: str | None) -> Text | None:
    """The lesson behind returning an object that is not data, when it is a known one."""
    if type_name in _PAIRS:
        return Text(f"torch.{type_name}(x, dim) returns a (values, indices) pair: return .values or "
                    ".indices (for the position of the largest, x.argmax(dim)).",
                    f"torch.{type_name}(x, dim)은 (values, indices) 쌍을 돌려줍니다: .values나 .indices를 "
                    "돌려주세요(가장 큰 값의 위치는 x.argmax(dim)).")
    if type_name == "Size":
        return Text("torch.Size is a tuple subclass: return tuple(x.shape).",
                    "torch.Size는 tuple의 하위 클래스입니다: tuple(x.shape)를 돌려주세요.")
    return None
