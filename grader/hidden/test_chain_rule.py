"""Hidden checks for the chain_rule exercise. Expected derivatives are worked out in the judge."""

import math

import torch

from grader.checks import check
from grader.codec import Build
from grader.compare import Mistake, expect_number, expect_tensor, name_mistake, report
from grader.i18n import Text, i_ga, josa

SEED = 20260808
KNOWN_MISTAKES = {
    "sum_grad_no_cross_term": "(2x, 2y): the gradient of x² + y², not of (x + y)²",
    "sum_grad_no_factor_two": "(x + y, x + y): the factor 2 of d(u²)/du missing",
    "sum_grad_returns_z": "the value (x + y)² instead of its derivatives",
    "sum_grad_expansion_slip": "(2x + y, x + 2y): the expansion lost its 2xy",
    "sum_grad_tensor_for_floats": "tensors returned for Python float inputs",
    "autograd_not_used": "no .backward() or torch.autograd.grad: a finite difference or a formula",
    "autograd_returns_grad_tuple": "the tuple torch.autograd.grad returns, not its [0].item()",
    "autograd_returns_tensor": "t.grad returned as a tensor instead of a Python float",
    "autograd_returns_value": "the value f(x) instead of its derivative",
    "autograd_reused_leaf": "one leaf reused across calls: gradients accumulate",
    "numerical_forward_difference": "the forward difference (f(x + h) - f(x)) / h",
    "numerical_backward_difference": "the backward difference (f(x) - f(x - h)) / h",
    "numerical_wrong_denominator": "(f(x + h) - f(x - h)) / h: divided by h instead of 2h",
    "numerical_precedence_2h": "/ 2 * h: multiplied by h by operator precedence",
    "numerical_numerator_parens": "f(x + h) - f(x - h) / (2h): no brackets around the numerator",
    "numerical_default_h": "a default h other than 1e-5",
    "numerical_ignores_h": "the h argument ignored",
}
IDEA_CHAIN = Text(
    "z = u² with u = x + y. Chain rule: dz/dx = dz/du · du/dx = 2u · 1 = 2(x + y), and the same for y.",
    "z = u², u = x + y. 연쇄 법칙: dz/dx = dz/du · du/dx = 2u · 1 = 2(x + y)이고 y도 같습니다.")
IDEA_AUTOGRAD = Text(
    "make a leaf t = torch.tensor(x, dtype=torch.float64, requires_grad=True), compute y = f(t), call "
    "y.backward() (or torch.autograd.grad(y, t)), and return t.grad.item(), a Python float.",
    "리프 텐서 t = torch.tensor(x, dtype=torch.float64, requires_grad=True)를 만들고 y = f(t)를 계산한 뒤 "
    "y.backward()(또는 torch.autograd.grad(y, t))를 호출하고 Python float인 t.grad.item()을 반환하세요.")
IDEA_CENTRAL = Text(
    "central difference: f'(x) ≈ (f(x + h) - f(x - h)) / (2h). Its error shrinks like h², the forward "
    "difference (f(x + h) - f(x)) / h only like h.",
    "중앙 차분: f'(x) ≈ (f(x + h) - f(x - h)) / (2h). 오차가 h²에 비례해 줄어들고, 전방 차분 "
    "(f(x + h) - f(x)) / h는 h에 비례해서만 줄어듭니다.")

CUBIC = Build("polynomial", {"roots": [1, 2, 3]})
CUBIC_TEXT = "f(x) = (x-1)(x-2)(x-3)"


def _cubic(x):
    return (x - 1) * (x - 2) * (x - 3)


def _cubic_prime(x):
    return 3 * x * x - 12 * x + 11


# ------------------------------------------------------------------ square_of_sum_grad
def _pair(got, expected, call):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise report(call, expected, got, Text(
            "Return a pair (dz_dx, dz_dy).", "(dz_dx, dz_dy) 쌍을 반환하세요."), IDEA_CHAIN)
    return got


def _sum_grad_mistakes(x, y, same):
    """The known wrong pairs for x, y; ``same(got, pair)`` says whether got is that pair."""
    def gives(pair):
        return lambda got: same(got, pair)
    return [
        Mistake("sum_grad_no_cross_term", gives((2 * x, 2 * y)), Text(
            "That is (2x, 2y), the gradient of x² + y², not of (x + y)². The outer function is the square "
            "of the sum: dz/dx = 2(x + y) · ∂(x + y)/∂x.",
            "(2x, 2y)는 (x + y)²가 아니라 x² + y²의 기울기입니다. 바깥 함수는 합의 제곱입니다: "
            "dz/dx = 2(x + y) · ∂(x + y)/∂x.")),
        Mistake("sum_grad_no_factor_two", gives((x + y, x + y)), Text(
            "That is (x + y, x + y): the factor 2 from d(u²)/du = 2u is missing.",
            "(x + y, x + y)입니다: d(u²)/du = 2u의 인수 2가 빠졌습니다.")),
        Mistake("sum_grad_returns_z", gives(((x + y) ** 2, (x + y) ** 2)), Text(
            "That is z = (x + y)² itself, the value, not its derivatives.",
            "이것은 도함수가 아니라 값 z = (x + y)² 자체입니다.")),
        Mistake("sum_grad_expansion_slip", gives((2 * x + y, x + 2 * y)), Text(
            "That is (2x + y, x + 2y), the gradient of x² + xy + y²: the expansion (x + y)² = x² + 2xy + y² "
            "lost its 2. No expansion is needed: dz/dx = 2(x + y) · 1.",
            "(2x + y, x + 2y)는 x² + xy + y²의 기울기입니다: 전개 (x + y)² = x² + 2xy + y²에서 2가 빠졌습니다. "
            "전개할 필요 없이 dz/dx = 2(x + y) · 1입니다.")),
    ]


def _sum_grad_floats(sub, x, y):
    call = f"square_of_sum_grad({x!r}, {y!r})"
    expected = (2 * (x + y), 2 * (x + y))
    got = _pair(sub.square_of_sum_grad(x, y), expected, call)
    for i, name in enumerate(("dz_dx", "dz_dy")):
        if isinstance(got[i], torch.Tensor):
            raise report(call, expected, got, Text(
                f"{name} came back as a tensor. For Python float inputs, return Python floats "
                "(plain arithmetic on x and y does that by itself).",
                f"{name}{i_ga(name)} 텐서로 왔습니다. Python float 입력에는 Python float를 반환하세요"
                "(x와 y에 대한 일반 산술이면 저절로 그렇게 됩니다)."), IDEA_CHAIN, mistake="sum_grad_tensor_for_floats")
    if all(type(g) in (int, float) for g in got) \
            and not all(math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12) for g, e in zip(got, expected)):
        def same(pair, value):
            return all(math.isclose(g, v, rel_tol=1e-9, abs_tol=1e-12) for g, v in zip(pair, value))
        name_mistake(got, _sum_grad_mistakes(x, y, same), call=call, expected=expected, idea=IDEA_CHAIN)
    for i, name in enumerate(("dz_dx", "dz_dy")):
        expect_number(got[i], expected[i], call=f"{call} → {name}", rtol=1e-9, atol=1e-12, idea=IDEA_CHAIN)


@check("sum_grad_floats", points=2)
def test_sum_grad_floats(sub):
    _sum_grad_floats(sub, 1.5, 0.75)


@check("sum_grad_negative", points=1)
def test_sum_grad_negative(sub):
    _sum_grad_floats(sub, -2.0, 0.5)


@check("sum_grad_tensors", points=2, cuda=True)
def test_sum_grad_tensors(sub, device):
    g = torch.Generator().manual_seed(SEED)
    x = torch.randn(5, generator=g).to(device)
    y = torch.randn(5, generator=g).to(device)
    call = f"square_of_sum_grad(x, y), x, y = torch.randn(5), torch.randn(5) (seed {SEED})"
    expected = 2 * (x + y)
    got = _pair(sub.square_of_sum_grad(x, y), (expected, expected), call)
    if all(isinstance(t, torch.Tensor) and t.shape == x.shape and t.is_floating_point() for t in got):
        def same(pair, value):
            v = [torch.as_tensor(a, dtype=torch.float64).expand(5) for a in value]
            return all(torch.allclose(t.detach().cpu().double(), a, atol=1e-5) for t, a in zip(pair, v)) \
                and not torch.allclose(v[0], expected.cpu().double(), atol=1e-5)
        name_mistake(got, _sum_grad_mistakes(x.cpu().double(), y.cpu().double(), same), call=call,
                     expected=(expected, expected), idea=IDEA_CHAIN)
    for i, name in enumerate(("dz_dx", "dz_dy")):
        expect_tensor(got[i], expected, call=f"{call} → {name}", idea=IDEA_CHAIN)


# ------------------------------------------------------------------ autograd_derivative
def _used_autograd(calls: dict) -> bool:
    for name in calls:
        leaf = name.rsplit(".", 1)[-1]
        if leaf == "backward" or (leaf == "grad" and ("autograd" in name or "func" in name)) \
                or name.startswith(("torch.autograd.", "torch.func.")):
            return True
    return False


def _autograd(sub, f, f_text, x, expected):
    call = f"autograd_derivative(f, {x!r}) with {f_text}"
    r = sub.reply("autograd_derivative", f, x)
    if r.status != "ok":
        sub.call("autograd_derivative", f, x)  # the learner's error, as a problem
    got = r.value
    if not _used_autograd(r.calls) and "torch.autograd.grad" not in r.events \
            and not any(e.endswith("backward") for e in r.events):
        raise report(call, expected, got, Text(
            "Autograd was not used: neither .backward() nor torch.autograd.grad was called while your function "
            "ran. A finite difference or a hand-written formula gives a number, but this exercise is about "
            "letting PyTorch differentiate f for you.",
            "autograd를 쓰지 않았습니다: 함수가 실행되는 동안 .backward()도 torch.autograd.grad도 호출되지 "
            "않았습니다. 유한 차분이나 손으로 쓴 공식도 숫자를 주지만, 이 연습문제는 PyTorch가 f를 미분하게 하는 "
            "것이 목표입니다."), IDEA_AUTOGRAD, mistake="autograd_not_used")
    if isinstance(got, (tuple, list)) and len(got) == 1 and isinstance(got[0], torch.Tensor):
        raise report(call, expected, got, Text(
            f"A {type(got).__name__} holding one tensor came back: torch.autograd.grad(y, t) returns a tuple, one "
            "gradient per input. Take its [0], then .item() for a Python float.",
            f"텐서 하나가 든 {type(got).__name__}{i_ga(type(got).__name__)} 왔습니다: torch.autograd.grad(y, t)는 입력마다 기울기 하나씩인 "
            "튜플을 반환합니다. [0]을 꺼낸 뒤 .item()으로 Python float를 만드세요."), IDEA_AUTOGRAD,
            mistake="autograd_returns_grad_tuple")
    if isinstance(got, torch.Tensor):
        raise report(call, expected, got, Text(
            "A tensor came back (t.grad is a tensor): return a Python float with .item().",
            "텐서가 왔습니다(t.grad는 텐서입니다): .item()으로 Python float를 반환하세요."), IDEA_AUTOGRAD,
            mistake="autograd_returns_tensor")
    if type(got) is float and not math.isclose(got, expected, rel_tol=1e-5, abs_tol=1e-7):
        fx = _value(f_text, x)
        if fx is not None and math.isclose(got, fx, rel_tol=1e-6, abs_tol=1e-9):
            raise report(call, expected, got, Text(
                f"That is f({x!r}) = {fx:.6g}, the value of the function: after y.backward() the derivative is "
                "in t.grad, not in y.",
                f"함수의 값 f({x!r}) = {fx:.6g}입니다: y.backward() 다음 도함수는 y가 아니라 t.grad에 있습니다."),
                IDEA_AUTOGRAD, mistake="autograd_returns_value")
    expect_number(got, expected, call=call, rtol=1e-5, atol=1e-7, idea=IDEA_AUTOGRAD)


def _value(f_text, x):
    if f_text == CUBIC_TEXT:
        return _cubic(x)
    if f_text.startswith("f(x) = sin"):
        return math.sin(x)
    if f_text.startswith("f(x) = exp"):
        return math.exp(x)
    if f_text == "f(x) = x³":
        return x ** 3
    if f_text.startswith("f(x) = 1 - 2x"):
        return 1 - 2 * x + 0.5 * x ** 3
    return None


@check("autograd_cubic", points=2)
def test_autograd_cubic(sub):
    _autograd(sub, CUBIC, CUBIC_TEXT, 3.5, 5.75)


@check("autograd_sin", points=1)
def test_autograd_sin(sub):
    _autograd(sub, Build("elementwise", {"name": "sin"}), "f(x) = sin(x)", 0.7, math.cos(0.7))


@check("autograd_polynomial", points=1)
def test_autograd_polynomial(sub):
    # f(x) = 1 - 2x + 0.5x³, f'(x) = -2 + 1.5x²
    _autograd(sub, Build("polynomial", {"coeffs": [1, -2, 0, 0.5]}), "f(x) = 1 - 2x + 0.5x³", -1.2,
              -2 + 1.5 * 1.44)


@check("autograd_fresh_each_call", points=1)
def test_autograd_fresh(sub):
    # two calls in a row: gradients must not accumulate from one call into the next
    f = Build("elementwise", {"name": "cube"})
    expected = 3 * 1.3 ** 2
    first = sub.autograd_derivative(f, 1.3)
    second = sub.autograd_derivative(f, 1.3)
    if type(first) is float and type(second) is float and not math.isclose(second, expected, rel_tol=1e-5) \
            and math.isclose(second - first, expected, rel_tol=1e-5):
        raise report("autograd_derivative(f, 1.3) twice in a row with f(x) = x³, second call", expected, second,
                     Text(f"The first call returned {first:.6g} and the second {second:.6g}: each call adds "
                          f"f'(1.3) = {expected:.6g} on top of what was there. Gradients accumulate in .grad: make a "
                          "fresh leaf tensor on every call (or zero its .grad) instead of reusing one.",
                          f"첫 호출은 {first:.6g}, 두 번째는 {second:.6g}를 반환했습니다: 호출마다 f'(1.3) = "
                          f"{expected:.6g}가 기존 값 위에 더해집니다. 기울기는 .grad에 누적됩니다: 하나를 재사용하지 말고 "
                          "호출마다 새 리프 텐서를 만드세요(또는 .grad를 0으로)."), IDEA_AUTOGRAD,
                     mistake="autograd_reused_leaf")
    _autograd(sub, f, "f(x) = x³", 1.3, expected)


# ------------------------------------------------------------------ numerical_derivative
def _numerical(sub, f, f_text, fn, x, exact, *, h=None, tol=1e-6):
    """fn is the judge's own f on floats; exact is f'(x). With h given, the central difference itself
    (not the exact derivative) is the expected answer."""
    kwargs = {} if h is None else {"h": h}
    hh = 1e-5 if h is None else h
    call = f"numerical_derivative(f, {x!r}{'' if h is None else f', h={h!r}'}) with {f_text}"
    got = sub.numerical_derivative(f, x, **kwargs)
    central = (fn(x + hh) - fn(x - hh)) / (2 * hh)
    expected = exact if h is None else central
    if type(got) is float and math.isfinite(got) and not math.isclose(got, expected, rel_tol=tol, abs_tol=tol):
        def gives(value):
            return lambda got: math.isclose(got, value, rel_tol=tol / 10, abs_tol=tol / 10)

        mistakes = [
            Mistake("numerical_forward_difference", gives((fn(x + hh) - fn(x)) / hh), Text(
                "That is the forward difference (f(x + h) - f(x)) / h, off by about h·f''(x)/2. "
                "The central difference (f(x + h) - f(x - h)) / (2h) cancels that first-order error.",
                "전방 차분 (f(x + h) - f(x)) / h입니다. 약 h·f''(x)/2만큼 틀립니다. "
                "중앙 차분 (f(x + h) - f(x - h)) / (2h)는 그 1차 오차를 상쇄합니다.")),
            Mistake("numerical_backward_difference", gives((fn(x) - fn(x - hh)) / hh), Text(
                "That is the backward difference (f(x) - f(x - h)) / h: use both sides, "
                "(f(x + h) - f(x - h)) / (2h).",
                "후방 차분 (f(x) - f(x - h)) / h입니다: 양쪽을 모두 쓰세요, (f(x + h) - f(x - h)) / (2h).")),
            Mistake("numerical_wrong_denominator", gives((fn(x + hh) - fn(x - hh)) / hh), Text(
                "That is twice the derivative: (f(x + h) - f(x - h)) spans a distance of 2h, so divide by 2h, "
                "not by h.",
                "도함수의 두 배입니다: (f(x + h) - f(x - h))는 거리 2h에 걸쳐 있으므로 h가 아니라 2h로 나누세요.")),
            Mistake("numerical_precedence_2h", gives((fn(x + hh) - fn(x - hh)) / 2 * hh), Text(
                "That is the central difference times h²: `/ 2 * h` means (… / 2) * h by operator precedence "
                "(left to right), so it multiplies by h instead of dividing by it. Write / (2 * h).",
                "중앙 차분에 h²를 곱한 값입니다: 연산자 우선순위(왼쪽에서 오른쪽)에 따라 `/ 2 * h`는 (… / 2) * h이므로 "
                "h로 나누지 않고 곱합니다. / (2 * h)로 쓰세요.")),
            Mistake("numerical_numerator_parens", gives(fn(x + hh) - fn(x - hh) / (2 * hh)), Text(
                "That is f(x + h) - f(x - h) / (2h): without brackets around the numerator only f(x - h) is divided. "
                "Write (f(x + h) - f(x - h)) / (2 * h).",
                "f(x + h) - f(x - h) / (2h)입니다: 분자에 괄호가 없어서 f(x - h)만 나눠집니다. "
                "(f(x + h) - f(x - h)) / (2 * h)로 쓰세요.")),
        ]
        if h is None:
            for step in (1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-7, 1e-8):
                value = (fn(x + step) - fn(x - step)) / (2 * step)
                if not math.isclose(value, expected, rel_tol=tol, abs_tol=tol):
                    mistakes.append(Mistake("numerical_default_h", gives(value), Text(
                        f"That is the central difference with h = {step:g}: the default h of your function is not the "
                        "1e-5 of the signature. "
                        + ("A larger h adds the truncation error h²·f'''(x)/6. " if step > 1e-5 else
                           "A smaller h loses digits to rounding: f(x + h) - f(x - h) cancels. ")
                        + "Keep `h: float = 1e-5`.",
                        f"h = {step:g}로 계산한 중앙 차분입니다: 함수의 h 기본값이 시그니처의 1e-5가 아닙니다. "
                        + ("h가 크면 절단 오차 h²·f'''(x)/6이 더해집니다. " if step > 1e-5 else
                           "h가 작으면 f(x + h) - f(x - h)에서 자릿수가 상쇄되어 반올림 오차가 커집니다. ")
                        + "`h: float = 1e-5`를 유지하세요.")))
        if h is not None:
            # evidence first: the same answer for another h means the h passed is not used at all
            other = sub.reply("numerical_derivative", f, x, h=2 * h)
            if other.ok and type(other.value) is float and other.value == got:
                mistakes.insert(0, Mistake("numerical_ignores_h", lambda got: True, Text(
                    f"h={h!r} and h={2 * h!r} give exactly the same {got!r}: the h argument is not used (a step "
                    "fixed inside the function?). With h given, the answer is the central difference with that h.",
                    f"{josa(f'h={h!r}', '과/와')} {josa(f'h={2 * h!r}', '이/가')} 똑같은 {got!r} 값을 줍니다: 인자 h를 "
                    "쓰지 않습니다(함수 안에 고정한 간격?). h가 주어지면 답은 그 h로 계산한 중앙 차분입니다.")))
            else:
                default = (fn(x + 1e-5) - fn(x - 1e-5)) / 2e-5
                mistakes.append(Mistake("numerical_ignores_h", gives(default), Text(
                    f"That is the central difference with h = 1e-5 (or the exact derivative), but h={h!r} was "
                    "passed: use the h argument.",
                    f"h = 1e-5(또는 정확한 도함수)로 계산한 중앙 차분인데, {josa(f'h={h!r}', '이/가')} 주어졌습니다: "
                    "인자 h를 쓰세요.")))
        name_mistake(got, mistakes, call=call, expected=expected, idea=IDEA_CENTRAL)
    expect_number(got, expected, call=call, rtol=tol, atol=tol, idea=IDEA_CENTRAL)


@check("numerical_cubic", points=2)
def test_numerical_cubic(sub):
    _numerical(sub, CUBIC, CUBIC_TEXT, _cubic, 3.5, _cubic_prime(3.5))


@check("numerical_large_h", points=2)
def test_numerical_large_h(sub):
    # with h = 0.1 the central difference of a cubic is exactly f'(x) + h² = 5.76
    _numerical(sub, CUBIC, CUBIC_TEXT, _cubic, 3.5, _cubic_prime(3.5), h=0.1, tol=1e-9)


@check("numerical_sin", points=1)
def test_numerical_sin(sub):
    _numerical(sub, Build("elementwise", {"name": "sin"}), "f(x) = sin(x)", math.sin, 0.7, math.cos(0.7), tol=1e-8)


@check("numerical_exp_h", points=1)
def test_numerical_exp_h(sub):
    _numerical(sub, Build("elementwise", {"name": "exp"}), "f(x) = exp(x)", math.exp, 1.3, math.exp(1.3), h=1e-3,
               tol=1e-9)


@check("numerical_cube", points=1)
def test_numerical_cube(sub):
    _numerical(sub, Build("elementwise", {"name": "cube"}), "f(x) = x³", lambda x: x ** 3, 2.0, 12.0)
