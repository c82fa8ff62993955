"""Text in English and Korean, and which of the two a person reads."""

from __future__ import annotations

import locale
import os
import unicodedata
from dataclasses import dataclass

LANGS = ("en", "ko")


@dataclass(frozen=True)
class Text:
    """One piece of text for people, in every supported language."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def format(self, **kw) -> "Text":
        return Text(self.en.format(**kw), self.ko.format(**kw))

    def __add__(self, other: "Text") -> "Text":
        return Text(self.en + other.en, self.ko + other.ko)

    @classmethod
    def same(cls, s: str) -> "Text":
        """Text that reads the same in every language (code, numbers)."""
        return cls(s, s)

    @classmethod
    def join(cls, parts: list["Text"], sep: str = "\n") -> "Text":
        return cls(sep.join(p.en for p in parts), sep.join(p.ko for p in parts))


def detect_lang(env: dict | None = None) -> str:
    """LEARN_LANG wins; then the locale (LC_ALL, LC_MESSAGES, LANG); else English."""
    env = os.environ if env is None else env
    chosen = env.get("LEARN_LANG", "").strip().lower()
    if chosen in LANGS:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def display_width(s: str) -> int:
    """Columns ``s`` takes in a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, width: int) -> str:
    """``s`` left-aligned in ``width`` terminal columns (never cut)."""
    return s + " " * max(0, width - display_width(s))


def column_width(texts: list[str], least: int = 0) -> int:
    """The width of a table column holding ``texts``."""
    return max([least, *map(display_width, texts)])
