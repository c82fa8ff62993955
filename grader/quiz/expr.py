"""A small, safe arithmetic evaluator for quiz templates and numeric answers.

Only numbers, names given by the caller, ``+ - * / // % **``, comparisons,
``and``/``or``/``not``, ``a if cond else b`` and a few maths functions are
allowed. The expression is parsed with :mod:`ast` and walked by hand: no
``eval()``, no attribute access, no subscripts, no strings.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import Callable, Mapping

Number = int | float | bool

MAX_LENGTH = 500
MAX_POW_BITS = 4096


class ExprError(ValueError):
    """The expression is not allowed, or cannot be computed."""


def _arity(fn: Callable, low: int, high: int | None) -> Callable:
    def call(*args):
        if len(args) < low or (high is not None and len(args) > high):
            want = f"{low}" if high == low else f"{low} to {high if high is not None else 'many'}"
            raise ExprError(f"{fn.__name__}() takes {want} argument(s), not {len(args)}")
        return fn(*args)
    call.__name__ = fn.__name__
    return call


def _round(x: Number, ndigits: Number | None = None) -> Number:
    if ndigits is None:
        return round(x)
    if isinstance(ndigits, bool) or not isinstance(ndigits, int) or abs(ndigits) > 100:
        raise ExprError("round() takes a whole number of digits between -100 and 100")
    return round(x, ndigits)


FUNCTIONS: dict[str, Callable] = {
    "ceil": _arity(math.ceil, 1, 1), "floor": _arity(math.floor, 1, 1),
    "min": _arity(min, 2, None), "max": _arity(max, 2, None),
    "sqrt": _arity(math.sqrt, 1, 1), "exp": _arity(math.exp, 1, 1),
    "log": _arity(math.log, 1, 2), "round": _arity(_round, 1, 2), "abs": _arity(abs, 1, 1),
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}


def _pow(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int) and b >= 0:
        if abs(a) > 1 and b * math.log2(abs(a)) > MAX_POW_BITS:
            raise ExprError("the power is too large")
        return a ** b
    result = float(a) ** float(b)
    if isinstance(result, complex):
        raise ExprError("a negative number to a fractional power is not a real number")
    return result


BINARY: dict[type, Callable] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: _pow,
}
UNARY: dict[type, Callable] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
COMPARE: dict[type, Callable] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}


def parse(source: str) -> ast.Expression:
    """Parse ``source`` into an expression tree, rejecting anything not allowed."""
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExprError("not a valid arithmetic expression") from None
    for node in ast.walk(tree):
        _check_node(node)
    return tree


_ALLOWED = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.Call,
            ast.IfExp, ast.Compare, ast.BoolOp, ast.And, ast.Or,
            *BINARY, *UNARY, *COMPARE)


def _check_node(node: ast.AST) -> None:
    if not isinstance(node, _ALLOWED):
        raise ExprError(f"{type(node).__name__} is not allowed in an expression")
    if isinstance(node, ast.Constant) and (not isinstance(node.value, (int, float))
                                           or isinstance(node.value, complex)):
        raise ExprError("only numbers are allowed, not text")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise ExprError(f"only these functions are allowed: {', '.join(FUNCTIONS)}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExprError("functions take plain positional arguments only")


def evaluate(source: str, names: Mapping[str, Number] | None = None) -> Number:
    """The value of ``source`` with ``names`` (and pi, e) bound; ExprError if it cannot be computed."""
    tree = parse(source)
    env = {**CONSTANTS, **(names or {})}
    try:
        return _eval(tree.body, env)
    except ExprError:
        raise
    except ZeroDivisionError:
        raise ExprError("division by zero") from None
    except (OverflowError, MemoryError):
        raise ExprError("the number is too large") from None
    except (ValueError, TypeError) as e:
        raise ExprError(f"cannot compute it: {e}") from None
    except RecursionError:
        raise ExprError("the expression is nested too deeply") from None


def names_used(source: str) -> set[str]:
    """Every variable name (not function) that ``source`` reads."""
    tree = parse(source)
    funcs = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in funcs}


def _eval(node: ast.AST, env: Mapping[str, Number]) -> Number:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ExprError(f"unknown name {node.id!r}")
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return BINARY[type(node.op)](_eval(node.left, env), _eval(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, env) else node.orelse, env)
    if isinstance(node, ast.BoolOp):
        values = (_eval(v, env) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, env)
            if not COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    raise ExprError(f"{type(node).__name__} is not allowed in an expression")  # pragma: no cover
