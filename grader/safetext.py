"""Text chosen by learners, made safe once before it is printed, stored or rendered.

A learner picks their folder's name and what their code prints: it may hold bytes
that are not UTF-8 (read by Python as lone surrogates, which cannot be encoded),
a newline that forges a row of the instructor's table, or an escape sequence that
clears or retitles the instructor's terminal. ``name`` turns such a name into one
printable line; ``text`` keeps line breaks and tabs but nothing else that steers a
terminal. Both are idempotent on text they already made safe, and never raise.
(``grader.limits.safe_text`` escapes only lone surrogates, where replies are decoded,
leaving controls in data that checks compare; this module escapes both in what is
shown and stored.)
"""

from __future__ import annotations

import os
import unicodedata

#: characters kept by ``text`` although they are controls
_KEPT_IN_TEXT = "\n\t"


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:                      # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _unsafe(ch: str) -> bool:
    # Cc: C0/C1 controls and DEL; Cs: lone surrogates; Cf: format characters such as the
    # bidirectional overrides (U+202E) that can make a name read backwards in a terminal.
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029" or (
        unicodedata.category(ch) == "Cf" and ch not in "\u200c\u200d")


def name(raw: str | bytes) -> str:
    """A file or folder name as one safe line: ``caf\\xe9`` for the bytes ``b"caf\\xe9"``."""
    if isinstance(raw, bytes):
        raw = os.fsdecode(raw)
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in raw)


def text(raw: str) -> str:
    """Free text (a message, printed output) with line breaks and tabs kept, every other
    control character and lone surrogate escaped."""
    return "".join(_escape(ch) if _unsafe(ch) and ch not in _KEPT_IN_TEXT else ch for ch in raw)
