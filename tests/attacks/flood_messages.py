"""Replace the child's own error reporting and output capture so that every reply carries
close to a megabyte of text (type, message, code line, printed output): the judge must cap
what it keeps, prints and stores."""
import sys

child = sys.modules.get("grader.sandbox.child")
if child is not None:
    child._error = lambda kind, exc, filename: {
        "status": "raised", "type": "T" * 50_000, "message": "M" * 400_000,
        "where": {"line": 10 ** 30, "code": "C" * 50_000, "function": "F" * 50_000}}

    class _Huge(child._Capped):
        def text(self):
            return "O" * 300_000
    child._Capped = _Huge


def softmax(x, dim=-1):
    print("x")
    raise ValueError("boom")


def softmax_np(x, axis=-1):
    raise ValueError("boom")
