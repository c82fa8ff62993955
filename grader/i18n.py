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


# Korean particles that change with the final sound of the word before them
_PAIRS = {"이/가": ("이", "가"), "은/는": ("은", "는"), "을/를": ("을", "를"), "과/와": ("과", "와"),
          "으로/로": ("으로", "로"), "이다/다": ("이다", "다"), "이에요/예요": ("이에요", "예요")}
#: digits read in Sino-Korean: which end in a consonant (영 일 삼 육 칠 팔 ...)
_DIGIT_BATCHIM = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
#: Latin letters as Koreans read them at the end of a word (el, em, en, ...): the final consonant, 0 for none
_LATIN_BATCHIM = {"l": 8, "m": 16, "n": 4, "r": 0}


def _final(word: str) -> int:
    """The final consonant (jongseong index; 0 = none, 8 = ㄹ) of how ``word`` ends when read in Korean."""
    for ch in reversed(word.strip()):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28
        if ch in _DIGIT_BATCHIM:
            return _DIGIT_BATCHIM[ch]
        if ch.isalpha():
            return _LATIN_BATCHIM.get(ch.lower(), 0)
        if ch in ")]}'\"`":
            continue
        return 0
    return 0


def josa(word: str, pair: str) -> str:
    """``word`` with the particle of ``pair`` ("이/가", "은/는", "을/를", "과/와", "으로/로", ...) that fits
    its final sound: josa("모델", "이/가") == "모델이", josa("레이어 2", "이/가") == "레이어 2가"."""
    with_batchim, without = _PAIRS[pair]
    final = _final(word)
    if pair == "으로/로":
        return word + (with_batchim if final not in (0, 8) else without)
    return word + (with_batchim if final else without)


# The particle alone, for f-strings that show a value and then its particle: f"{x}{i_ga(x)}".
def _particle(word, pair: str) -> str:
    w = str(word)
    return josa(w, pair)[len(w):]


def i_ga(word) -> str:
    """이 or 가 after ``word``."""
    return _particle(word, "이/가")


def eun_neun(word) -> str:
    """은 or 는 after ``word``."""
    return _particle(word, "은/는")


def eul_reul(word) -> str:
    """을 or 를 after ``word``."""
    return _particle(word, "을/를")


def gwa_wa(word) -> str:
    """과 or 와 after ``word``."""
    return _particle(word, "과/와")


def euro_ro(word) -> str:
    """으로 or 로 after ``word``."""
    return _particle(word, "으로/로")
