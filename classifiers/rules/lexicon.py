"""The safety lexicon, read from the YAML files a native speaker can review.

`lexicon_data/rules.yaml` says what each concept means, which combinations of
concepts raise a grade and which cues drop a match; `en.yaml`, `sq.yaml`,
`bcms.yaml` (Serbian, Bosnian, Croatian, Montenegrin) and `mk.yaml` hold the
phrases of each language, and `common.yaml` those written for several at once.
Phrases use the small grammar of `patterns`; a language file may define
`macros` (a named group such as `{violent}`) that its own phrases reuse. The
guide for reviewers is docs/lexicon.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain import Category, Severity
from classifiers.rules.patterns import check_syntax

DATA = Path(__file__).parent / "lexicon_data"
RULES_FILE = "rules.yaml"
_MACRO = re.compile(r"\{([a-z_]+)\}")


class LexiconError(ValueError):
    """A lexicon file that cannot be used: the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """A named combination of concepts that grades a text at least `severity`."""

    rule_id: str
    severity: Severity
    categories: tuple[Category, ...]
    needs: tuple[str, ...]
    window: int | None


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[str, tuple[str, ...]]
    """Every phrase of each concept, all languages together, macros expanded."""
    rules: tuple[Rule, ...]
    suppressed_by: dict[str, tuple[tuple[str, int], ...]]
    descriptions: dict[str, str]
    banter: Banter


@dataclass(frozen=True)
class Banter:
    """Cues of laughter or play that drop some concepts (see rules.yaml)."""

    emoji: str = ""
    words: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    window: int | None = None
    """Folded characters around a cue within which it drops a match; None: the whole text."""


def _read(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: faster start
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: expected a mapping at the top")
    return data


def _expand(phrase: str, macros: dict[str, str], where: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise LexiconError(f"{where}: unknown macro {{{m.group(1)}}} in {phrase!r}")
        return macros[m.group(1)]

    return _MACRO.sub(one, phrase)


def phrase_files(folder: Path = DATA) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != RULES_FILE)


def _rule(entry: dict[str, Any], near_chars: int, known: set[str]) -> Rule:
    where = f"{RULES_FILE}: rule {entry.get('id')!r}"
    unknown = [n for n in entry["needs"] if n not in known]
    if unknown:
        raise LexiconError(f"{where}: needs unknown concept(s) {unknown}")
    window = entry.get("window", near_chars)
    return Rule(
        str(entry["id"]),
        Severity(entry["severity"]),
        tuple(Category(c) for c in entry["categories"]),
        tuple(entry["needs"]),
        None if window in (None, "none") else int(window),
    )


def load_lexicon(folder: Path = DATA) -> Lexicon:
    """Read and check every lexicon file in `folder` (raises `LexiconError`)."""
    spec = _read(folder / RULES_FILE)
    descriptions = {str(k): str(v) for k, v in spec["concepts"].items()}
    phrases: dict[str, list[str]] = {name: [] for name in descriptions}
    for path in phrase_files(folder):
        data = _read(path)
        macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
        for concept, items in (data.get("concepts") or {}).items():
            if concept not in phrases:
                raise LexiconError(f"{path.name}: unknown concept {concept!r} (see rules.yaml)")
            for item in items:
                if not isinstance(item, str) or not item.strip():
                    raise LexiconError(f"{path.name}: {concept}: every phrase must be text")
                phrase = _expand(item, macros, f"{path.name}: {concept}")
                try:
                    check_syntax(phrase)
                except ValueError as error:
                    raise LexiconError(f"{path.name}: {concept}: {error}") from None
                phrases[concept].append(phrase)
    rules = tuple(_rule(r, int(spec["near_chars"]), set(phrases)) for r in spec["rules"])
    suppressed = {
        str(concept): tuple((str(cue), int(chars)) for cue, chars in cues.items())
        for concept, cues in spec["suppressed_by"].items()
    }
    spec_banter = spec.get("banter") or {}
    drops = tuple(spec_banter.get("drops", ()))
    if any(d not in phrases or d == "self_harm" for d in drops):
        raise LexiconError(f"{RULES_FILE}: banter drops an unknown concept, or self_harm")
    window = spec_banter.get("window")
    banter = Banter(
        str(spec_banter.get("emoji", "")),
        tuple(spec_banter.get("words", ())),
        drops,
        None if window in (None, "none") else int(window),
    )
    return Lexicon(
        {k: tuple(v) for k, v in phrases.items()}, rules, suppressed, descriptions, banter
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return load_lexicon()
