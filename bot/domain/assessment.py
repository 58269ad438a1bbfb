"""What a classifier says about one text."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.taxonomy import Category, Severity


@dataclass(frozen=True)
class RuleHit:
    """A safety-lexicon rule that fired, so a caseworker can see why."""

    rule_id: str
    severity: Severity
    categories: tuple[Category, ...] = ()
    matched: str = ""


@dataclass(frozen=True)
class Assessment:
    """Severity and categories of one text, with the evidence for them."""

    severity: Severity
    scores: dict[str, float] = field(default_factory=dict)
    categories: tuple[Category, ...] = ()
    rules: tuple[RuleHit, ...] = ()
