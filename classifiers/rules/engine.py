"""Rules over lexicon concepts: which combinations raise severity, and to what.

A rule fires when every concept it needs is found, and (for rules that need
two concepts) when they appear close together, so a threat and a time that
belong to different sentences of a long account do not make it critical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.domain import Category, RuleHit, Severity
from classifiers.rules.lexicon import CONCEPTS
from classifiers.rules.normalize import fold
from classifiers.rules.patterns import compile_phrases, matched_text

_NEAR_CHARS = 60
"""How far apart (in folded characters) two concepts may be to count as one statement."""


@dataclass(frozen=True)
class Rule:
    """A named combination of concepts that grades a text at least `severity`."""

    rule_id: str
    severity: Severity
    categories: tuple[Category, ...]
    needs: tuple[str, ...]
    window: int | None = _NEAR_CHARS


C = Category
S = Severity

RULES: tuple[Rule, ...] = (
    Rule("self_harm.intent", S.CRITICAL, (C.SELF_HARM,), ("self_harm",)),
    Rule("danger.abuser_near", S.CRITICAL, (C.THREAT, C.STALKING), ("near",)),
    Rule("threat.weapon", S.CRITICAL, (C.THREAT,), ("weapon_threat",)),
    Rule("threat.with_weapon", S.CRITICAL, (C.THREAT,), ("threat", "weapon")),
    Rule("threat.with_time", S.CRITICAL, (C.THREAT,), ("threat", "time")),
    Rule("weapon.with_time", S.CRITICAL, (C.THREAT,), ("weapon", "time")),
    Rule("weapon.with_place", S.CRITICAL, (C.THREAT,), ("weapon", "place")),
    Rule("threat.with_place", S.CRITICAL, (C.THREAT,), ("threat", "place")),
    Rule("threat.found_with_time", S.CRITICAL, (C.THREAT, C.STALKING), ("know_where", "time")),
    Rule("danger.found_arriving", S.CRITICAL, (C.THREAT, C.STALKING), ("know_where", "arrival")),
    Rule("danger.arriving_threat", S.CRITICAL, (C.THREAT,), ("arrival", "threat")),
    Rule("danger.arriving_order", S.CRITICAL, (C.THREAT,), ("arrival", "urgent")),
    Rule("danger.arriving_fear", S.CRITICAL, (C.THREAT,), ("arrival", "fear")),
    Rule("danger.arriving_armed", S.CRITICAL, (C.THREAT,), ("arrival", "weapon")),
    Rule("minor.sexual", S.CRITICAL, (C.SEXUAL_HARASSMENT,), ("minor", "sexual")),
    Rule(
        "sextortion.demand",
        S.HIGH,
        (C.SEXTORTION, C.IMAGE_ABUSE),
        ("demand", "publish"),
        window=None,
    ),
    Rule(
        "sextortion.demand",
        S.HIGH,
        (C.SEXTORTION, C.IMAGE_ABUSE),
        ("demand", "share", "intimate"),
        window=None,
    ),
    Rule(
        "sextortion.conditional",
        S.HIGH,
        (C.SEXTORTION, C.IMAGE_ABUSE),
        ("demand", "intimate", "conditional"),
        window=None,
    ),
    Rule("image.threat_share", S.HIGH, (C.IMAGE_ABUSE,), ("publish",)),
    Rule("image.shared_intimate", S.HIGH, (C.IMAGE_ABUSE,), ("share", "intimate")),
    Rule("threat.violence", S.HIGH, (C.THREAT,), ("threat",)),
    Rule("threat.know_where", S.HIGH, (C.THREAT, C.STALKING), ("know_where",)),
    Rule("weapon.mention", S.HIGH, (C.THREAT,), ("weapon",)),
)


# Concepts whose matches are dropped when a cue for a harmless reading is this
# close: "this exam will kill me", "the knife set I bought", "a film with guns".
SUPPRESSED_BY: dict[str, tuple[tuple[str, int], ...]] = {
    "threat": (("hyperbole", 12),),
    "weapon": (("benign_weapon", 30),),
    "weapon_threat": (("benign_weapon", 30), ("hyperbole", 12)),
    "near": (("habitual", 40),),
}


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    return {name: compile_phrases(phrases) for name, phrases in CONCEPTS.items()}


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


def _gap(x: re.Match[str], y: re.Match[str]) -> int:
    return max(x.start(), y.start()) - min(x.end(), y.end())


def find_concepts(text: str) -> dict[str, list[re.Match[str]]]:
    """Every concept's matches in the folded text, harmless readings removed."""
    folded = fold(text)
    found = {name: list(pattern.finditer(folded)) for name, pattern in _compiled().items()}
    for concept, suppressors in SUPPRESSED_BY.items():
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
    for rule in RULES:
        matched = _fire(rule, found)
        if matched is not None:
            if all(h.rule_id != rule.rule_id for h in hits):
                hits.append(RuleHit(rule.rule_id, rule.severity, rule.categories, matched))
    hits.sort(key=lambda h: -h.severity.rank)
    return hits
