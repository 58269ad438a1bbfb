"""Severity from the survivor's structured answers, with no model loaded.

DESIGN.md: a case's severity is the highest of the classifier, these answers
and the lexicon; the answers and the lexicon alone must catch `critical`.
"""

from __future__ import annotations

from bot.domain import AgeGroup, Category, Relationship, RuleHit, Severity


def assess_answers(
    *,
    in_danger: bool = False,
    relationship: Relationship | None = None,
    images_involved: bool = False,
    age: AgeGroup = AgeGroup.UNKNOWN,
) -> list[RuleHit]:
    """Rule hits for the structured answers (most severe first)."""
    hits: list[RuleHit] = []
    if in_danger:
        hits.append(
            RuleHit("answers.in_danger", Severity.CRITICAL, (Category.THREAT,), "in_danger")
        )
    if images_involved and age is AgeGroup.MINOR:
        hits.append(
            RuleHit(
                "answers.minor_images",
                Severity.CRITICAL,
                (Category.IMAGE_ABUSE,),
                "images_involved + minor",
            )
        )
    elif images_involved:
        hits.append(
            RuleHit("answers.images", Severity.HIGH, (Category.IMAGE_ABUSE,), "images_involved")
        )
    if relationship is Relationship.PARTNER_OR_EX:
        hits.append(RuleHit("answers.partner_or_ex", Severity.MEDIUM, (), "partner_or_ex"))
    hits.sort(key=lambda h: -h.severity.rank)
    return hits
