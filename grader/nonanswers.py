"""Non-answers: an exercise's stub with every function made to return something that answers nothing.

A non-answer must score 0: a check that pays out for "anything that did not crash" (input
not modified, dtype kept, still in the graph) would reward a file that does nothing. The
course's self-check (`learn verify`) grades each of these for every exercise:

- ``none``: every function returns ``None``;
- ``input``: every function returns its first argument unchanged;
- ``zeros``: every function returns ``torch.zeros(1)``;
- ``zero``: every function returns the number ``0``.

A class in the stub keeps its name and base; its ``__init__`` only calls ``super().__init__()``
and every other method returns the same non-answer.
"""

from __future__ import annotations

import ast

from grader.catalog import Exercise

KINDS = ("none", "input", "zeros", "zero")


def _value(kind: str, fn: ast.FunctionDef) -> ast.expr:
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args if a.arg != "self"]
    if kind == "input" and params:
        return ast.Name(params[0], ast.Load())
    source = {"none": "None", "input": "None", "zeros": "__import__('torch').zeros(1)", "zero": "0"}[kind]
    return ast.parse(source, mode="eval").body


def _hollow(fn: ast.FunctionDef, kind: str, in_class: bool) -> None:
    if in_class and fn.name == "__init__":
        fn.body = [ast.parse("super().__init__()").body[0]]
    else:
        fn.body = [ast.Return(_value(kind, fn))]


def source(exercise: Exercise, kind: str) -> str:
    """The stub of ``exercise`` with every function (and method) replaced by the ``kind`` non-answer."""
    tree = ast.parse(exercise.stub)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            _hollow(node, kind, in_class=False)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    _hollow(item, kind, in_class=True)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
