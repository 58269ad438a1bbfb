"""Rules over lexicon concepts: which combinations raise severity, and to what.

A rule fires when every concept it needs is found, and (for rules that need
two concepts) when they appear close together, so a threat and a time that
belong to different sentences of a long account do not make it critical.
The rules, concepts and phrases are data (`lexicon_data/`, see `lexicon`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.domain import RuleHit
from classifiers.rules.compiled import compiled_concepts
from classifiers.rules.lexicon import Rule, lexicon
from classifiers.rules.normalize import fold
from classifiers.rules.patterns import alternation_source, compile_phrases, matched_text

__all__ = ["Rule", "find_concepts", "rules", "scan"]


def rules() -> tuple[Rule, ...]:
    """The lexicon's rules, most severe first (from lexicon_data/rules.yaml)."""
    return lexicon().rules


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    """Read from the compiled cache when it matches the lexicon (see `compiled`)."""

    def sources() -> dict[str, str]:
        return {name: alternation_source(ph) for name, ph in lexicon().concepts.items()}

    return compiled_concepts(sources)


def _close(a: list[re.Match[str]], b: list[re.Match[str]], window: int) -> tuple[str, str] | None:
    for x in a:
        for y in b:
            if _gap(x, y) <= window:
                return matched_text(x), matched_text(y)
    return None


def _fire(rule: Rule, found: dict[str, list[re.Match[str]]]) -> str | None:
    """The matched words if the rule fires, else None."""
    if any(not found.get(need) for need in rule.needs):
        return None
    if len(rule.needs) == 2 and rule.window is not None:
        pair = _close(found[rule.needs[0]], found[rule.needs[1]], rule.window)
        return None if pair is None else " + ".join(pair)
    return " + ".join(matched_text(found[need][0]) for need in rule.needs)


def _gap(x: re.Match[str] | tuple[int, int], y: re.Match[str] | tuple[int, int]) -> int:
    """Characters between two matches or spans (negative when they overlap)."""
    a = x.span() if isinstance(x, re.Match) else x
    b = y.span() if isinstance(y, re.Match) else y
    return max(a[0], b[0]) - min(a[1], b[1])


@lru_cache(maxsize=1)
def _banter() -> tuple[frozenset[str], re.Pattern[str] | None]:
    banter = lexicon().banter
    words = compile_phrases(banter.words) if banter.words else None
    return frozenset(banter.emoji), words


def _banter_spans(text: str, folded: str) -> list[tuple[int, int]]:
    """Where laughter or play ("😂", "lol", "jk") sits, as spans of the folded text.

    Folding drops emoji, so an emoji's place is the length of the folded text before it.
    """
    emoji, words = _banter()
    spans = [m.span() for m in words.finditer(folded)] if words else []
    for i, ch in enumerate(text):
        if ch in emoji:
            at = len(fold(text[:i]).rstrip())
            spans.append((at, at + 1))
    return spans


def _drop_banter(text: str, folded: str, found: dict[str, list[re.Match[str]]]) -> None:
    """Laughter drops the threat words near it (within `banter.window` characters, or
    anywhere when no window is set): a friend's "ur DEAD 😂" is play, but a "lol" about a
    birthday cake early in a long account does not excuse "I found you, I'm on my way"
    at its end."""
    spans = _banter_spans(text, folded)
    if not spans or found.get("fear"):
        return
    window = lexicon().banter.window
    for concept in lexicon().banter.drops:
        if window is None:
            found[concept] = []
        else:
            found[concept] = [
                m for m in found.get(concept, []) if all(_gap(m, span) > window for span in spans)
            ]


def find_concepts(text: str) -> dict[str, list[re.Match[str]]]:
    """Every concept's matches in the folded text, harmless readings removed."""
    folded = fold(text)
    found = {name: list(pattern.finditer(folded)) for name, pattern in _compiled().items()}
    _drop_banter(text, folded, found)
    for concept, suppressors in lexicon().suppressed_by.items():
        for cue, window in suppressors:
            cues = found.get(cue, [])
            if cues and found.get(concept):
                found[concept] = [
                    m for m in found[concept] if all(_gap(m, c) > window for c in cues)
                ]
    return found


def scan(text: str) -> list[RuleHit]:
    """Every safety rule that fires on `text`, most severe first.

    Works on a folded copy of the text, so it sees Cyrillic and Latin, with or
    without diacritics, alike. `matched` holds the folded words that fired.
    """
    found = find_concepts(text)
    hits: list[RuleHit] = []
    for rule in rules():
        matched = _fire(rule, found)
        if matched is not None:
            if all(h.rule_id != rule.rule_id for h in hits):
                hits.append(RuleHit(rule.rule_id, rule.severity, rule.categories, matched))
    hits.sort(key=lambda h: -h.severity.rank)
    return hits
