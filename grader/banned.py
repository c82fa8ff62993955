"""Finding APIs an exercise teaches: by reading the source (AST) and by the child's call trace.

Neither is a security boundary. A determined learner can hide a call from the
AST (``getattr(torch, "soft" + "max")``, ``importlib``) and from the trace
(leaving the ``TorchFunctionMode``, calling ``torch._C`` directly). They are
flags that withhold points from honest shortcuts and mark a file for review.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from grader.catalog import BanRule

MODULE_LEVEL = "<module>"
MAIN_BLOCK = "<__main__>"    # ``if __name__ == "__main__":``: never runs when graded, never counts


class Unparsable(Exception):
    """The grader's own parser cannot read the file (nested too deeply, or too large to hold)."""


@dataclass(frozen=True)
class Finding:
    api: str
    function: str      # top-level function or class it sits in, MODULE_LEVEL or MAIN_BLOCK
    line: int
    rule: BanRule
    reached_from: frozenset[str] = frozenset()   # top-level names whose code reaches ``function``

    def counts_for(self, graded: str) -> bool:
        """Whether this use holds against the graded function ``graded``: it sits in the module body
        (which runs on import) or in code ``graded`` reaches by name; a ``__main__`` block and a
        helper nothing graded refers to never count (what runs is caught by the call trace)."""
        return self.function == MODULE_LEVEL or graded in self.reached_from


def leaf(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def _aliases(tree: ast.AST) -> dict[str, str]:
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    names[a.asname] = a.name
                else:
                    names[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def _is_main_block(node: ast.AST) -> bool:
    """``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    t = node.test
    if len(t.ops) != 1 or not isinstance(t.ops[0], ast.Eq):
        return False
    sides = [t.left, t.comparators[0]]
    return (any(isinstance(x, ast.Name) and x.id == "__name__" for x in sides)
            and any(isinstance(x, ast.Constant) and x.value == "__main__" for x in sides))


def _owners(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append((node.name, node))
        elif _is_main_block(node):
            out.append((MAIN_BLOCK, node))
        else:
            out.append((MODULE_LEVEL, node))
    return out


def _reached_from(owners: list[tuple[str, ast.AST]]) -> dict[str, frozenset[str]]:
    """For each top-level function or class: the top-level names whose code reaches it by name
    (itself included), following every name a body mentions, not only direct calls."""
    defined = {name for name, _ in owners if name not in (MODULE_LEVEL, MAIN_BLOCK)}
    refers: dict[str, set[str]] = {name: set() for name in defined}
    for name, node in owners:
        if name in defined:
            refers[name] |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & defined
    reached = {name: {name} for name in defined}
    for start in defined:
        todo = [start]
        while todo:
            for nxt in refers[todo.pop()]:
                if start not in reached[nxt]:
                    reached[nxt].add(start)
                    todo.append(nxt)
    return {name: frozenset(who) for name, who in reached.items()}


def scan(source: str, rules: tuple[BanRule, ...]) -> list[Finding]:
    """Every use of a banned API in ``source``, attributed to its top-level function, with the
    top-level functions that reach it (see ``Finding.counts_for``).

    A syntax error is the child's to report (it fails to load there). A file Python's
    parser gives up on in the judge (a 300,000-deep expression: RecursionError or
    MemoryError) raises Unparsable: it must not be run, since it cannot be checked.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):   # ValueError: a NUL byte in the source
        return []
    except RecursionError:
        raise Unparsable("it is nested too deeply") from None
    except MemoryError:
        raise Unparsable("it is nested too deeply or too large") from None
    aliases = _aliases(tree)
    method_leaves = {leaf(api): (api, r) for r in rules for api in r.apis if api.startswith("torch.Tensor.")}
    found = []
    owners = _owners(tree)
    reached = _reached_from(owners)
    for owner, node in owners:
        for sub in ast.walk(node):
            # imports alone are not uses: a name imported at the top counts where it is used,
            # so an API banned for one function may still be imported for another
            hit = None
            if isinstance(sub, (ast.Attribute, ast.Name)):
                parts = _dotted(sub)
                if parts and parts[0] in aliases:
                    hit = _match(".".join([aliases[parts[0]], *parts[1:]]), rules)
                elif isinstance(sub, ast.Attribute) and sub.attr.lower() in method_leaves:
                    hit = method_leaves[sub.attr.lower()]
            if hit:
                found.append(Finding(hit[0], owner, getattr(sub, "lineno", 0), hit[1],
                                     reached.get(owner, frozenset())))
    return found


def _match(dotted: str, rules: tuple[BanRule, ...]):
    for rule in rules:
        for api in rule.apis:
            if dotted == api or dotted.startswith(api + "."):
                return api, rule
    return None


def runtime_hits(function: str, calls: dict[str, int], rules: tuple[BanRule, ...]) -> list[tuple[str, BanRule]]:
    """Banned APIs whose name appears among the torch functions ``function`` called in the child."""
    seen = {leaf(name) for name in calls}
    hits = []
    for rule in rules:
        if not rule.applies_to(function):
            continue
        for api in rule.apis:
            if leaf(api) in seen:
                hits.append((api, rule))
    return hits
