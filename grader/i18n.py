"""Text in English and Korean, and which of the two a person reads."""

from __future__ import annotations

import locale
import os
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
