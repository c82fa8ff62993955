"""The course as data: exercise metadata loaded from TOML into frozen dataclasses."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grader import paths
from grader.i18n import Text


class CatalogError(ValueError):
    """The course data is malformed, or a name is not in it."""


@dataclass(frozen=True)
class BanRule:
    """APIs an exercise teaches, so calling them withholds the points of checks that use them."""

    apis: tuple[str, ...]
    functions: tuple[str, ...] = ("*",)   # learner functions it applies to; "*" = all
    why: Text | None = None

    def applies_to(self, function: str) -> bool:
        return "*" in self.functions or function in self.functions


@dataclass(frozen=True)
class Exercise:
    id: str
    order: int
    title: Text
    concept: Text
    functions: tuple[str, ...]
    banned: tuple[BanRule, ...]
    hints: tuple[Text, ...]
    prompt: Text
    folder: Path

    @property
    def stub_path(self) -> Path:
        return self.folder / "stub.py"

    @property
    def stub(self) -> str:
        return self.stub_path.read_text(encoding="utf-8")

    @property
    def hidden_module(self) -> str:
        return f"grader.hidden.test_{self.id}"

    @property
    def hidden_path(self) -> Path:
        return paths.HIDDEN_DIR / f"test_{self.id}.py"


def _text(raw: dict, where: str, key: str) -> Text:
    value = raw.get(key)
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("en", "ko")):
        raise CatalogError(f"{where}: '{key}' needs an 'en' and a 'ko' string")
    return Text(value["en"], value["ko"])


def _prompt(folder: Path) -> Text:
    texts = {}
    for lang in ("en", "ko"):
        p = folder / f"prompt.{lang}.md"
        if not p.is_file():
            raise CatalogError(f"{folder.name}: missing {p.name}")
        texts[lang] = p.read_text(encoding="utf-8")
    return Text(texts["en"], texts["ko"])


def load_exercise(folder: Path) -> Exercise:
    where = str(folder / "exercise.toml")
    try:
        raw = tomllib.loads((folder / "exercise.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise CatalogError(f"{where}: {e}") from None
    if raw.get("id") != folder.name:
        raise CatalogError(f"{where}: id {raw.get('id')!r} differs from its folder name")
    rules = []
    for rule in raw.get("banned", []):
        why = _text(rule, where, "why") if "why" in rule else None
        rules.append(BanRule(tuple(rule["apis"]), tuple(rule.get("functions", ["*"])), why))
    hints = tuple(Text(h["en"], h["ko"]) for h in raw.get("hints", []))
    if not hints:
        raise CatalogError(f"{where}: an exercise needs at least one hint")
    if not (folder / "stub.py").is_file():
        raise CatalogError(f"{where}: missing stub.py")
    return Exercise(
        id=raw["id"], order=int(raw["order"]), title=_text(raw, where, "title"),
        concept=_text(raw, where, "concept"), functions=tuple(raw["functions"]),
        banned=tuple(rules), hints=hints, prompt=_prompt(folder), folder=folder)


@lru_cache(maxsize=None)
def _load_all(root: Path) -> tuple[tuple[Exercise, ...], tuple[str, ...]]:
    found, errors = [], []
    for p in sorted(root.iterdir()):
        if p.is_dir() and (p / "exercise.toml").is_file():
            try:
                found.append(load_exercise(p))
            except (CatalogError, KeyError, TypeError, ValueError) as e:
                errors.append(f"{p.name}: {e}")
    seen: dict[int, str] = {}
    for e in found:
        if e.order in seen:
            errors.append(f"{e.id}: order {e.order} is also {seen[e.order]}'s")
        seen[e.order] = e.id
    return tuple(sorted(found, key=lambda e: e.order)), tuple(errors)


def load_catalog(root: Path = paths.EXERCISES_DIR) -> tuple[Exercise, ...]:
    """Every well-formed exercise under ``root``, in course order.

    A malformed exercise folder is left out (see ``catalog_errors``) rather than
    taking the whole course down; `learn verify` and the tests fail on it.
    """
    return _load_all(root)[0]


def catalog_errors(root: Path = paths.EXERCISES_DIR) -> tuple[str, ...]:
    """What is wrong with the exercise folders that ``load_catalog`` left out."""
    return _load_all(root)[1]


def get(name: str, root: Path = paths.EXERCISES_DIR) -> Exercise:
    """The exercise called ``name``, or a CatalogError that suggests the closest names."""
    catalog = load_catalog(root)
    for ex in catalog:
        if ex.id == name:
            return ex
    ids = [e.id for e in catalog]
    close = difflib.get_close_matches(name, ids, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise CatalogError(f"No exercise called {name!r}.{hint} Run `learn list` to see them all.")
