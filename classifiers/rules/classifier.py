"""The lexicon-only classifier: works with no model, for tests and fallback."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain import Assessment, Category, RuleHit, Severity
from bot.domain.taxonomy import SEVERITIES_IN_ORDER
from classifiers.rules.engine import scan


def categories_of(hits: Iterable[RuleHit]) -> tuple[Category, ...]:
    """Union of the hits' categories in taxonomy order."""
    seen = {c for hit in hits for c in hit.categories}
    return tuple(c for c in Category if c in seen)


def assess_rules(text: str) -> Assessment:
    """Grade one text from the lexicon alone; NONE when no rule fires."""
    hits = tuple(scan(text))
    severity = Severity.highest(*(h.severity for h in hits))
    scores = {s.value: (1.0 if s is severity else 0.0) for s in SEVERITIES_IN_ORDER}
    return Assessment(severity, scores, categories_of(hits), hits)


class RulesClassifier:
    """`SeverityClassifier` from the safety lexicon only (stateless, thread-safe)."""

    name = "rules"

    def classify(self, texts: Sequence[str]) -> list[Assessment]:
        return [assess_rules(t) for t in texts]

    def warm_up(self) -> None:
        scan("warm up")
