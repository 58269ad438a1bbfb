"""A case's severity: the highest of the texts, the structured answers and the lexicon.

The structured answers alone must reach `critical` when she says she is in
danger now, so the bot protects her even with no model loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.people import AgeGroup, Relationship
from bot.domain.taxonomy import Category, Severity


@dataclass(frozen=True)
class StructuredAnswers:
    in_danger: bool = False
    unsure_if_safe: bool = False
    relationship: Relationship | None = None
    age: AgeGroup = AgeGroup.UNKNOWN
    images_shared_or_threatened: bool = False
    categories: frozenset[Category] = frozenset()


@dataclass(frozen=True)
class Grade:
    severity: Severity
    reasons: tuple[str, ...]  # stable ids: "answer:in_danger", "text:high", "rule:<id>"


_CATEGORY_FLOOR = {
    Category.THREAT: Severity.HIGH,
    Category.IMAGE_ABUSE: Severity.HIGH,
    Category.SEXTORTION: Severity.HIGH,
    Category.DOXXING: Severity.HIGH,
    Category.STALKING: Severity.HIGH,
    Category.SELF_HARM: Severity.HIGH,
    Category.HARASSMENT: Severity.MEDIUM,
    Category.SEXUAL_HARASSMENT: Severity.MEDIUM,
    Category.IMPERSONATION: Severity.MEDIUM,
    Category.HATE: Severity.MEDIUM,
}


def grade_answers(answers: StructuredAnswers) -> Grade:
    """Severity implied by the buttons she pressed, with the reasons."""
    found: list[tuple[Severity, str]] = []
    if answers.in_danger:
        found.append((Severity.CRITICAL, "answer:in_danger"))
    if answers.images_shared_or_threatened:
        if answers.age is AgeGroup.MINOR:
            found.append((Severity.CRITICAL, "answer:minor_images"))
        else:
            found.append((Severity.HIGH, "answer:images"))
    if answers.age is AgeGroup.MINOR and (
        Category.SEXTORTION in answers.categories or Category.IMAGE_ABUSE in answers.categories
    ):
        found.append((Severity.CRITICAL, "answer:minor_sexual_exploitation"))
    for category in answers.categories:
        floor = _CATEGORY_FLOOR.get(category)
        if floor is not None:
            found.append((floor, f"category:{category.value}"))
    if answers.relationship is Relationship.PARTNER_OR_EX and answers.categories & {
        Category.THREAT,
        Category.STALKING,
    }:
        found.append((Severity.HIGH, "answer:partner_threat_or_stalking"))
    if answers.unsure_if_safe:
        found.append((Severity.HIGH, "answer:unsure_if_safe"))
    if not found:
        return Grade(Severity.NONE, ())
    top = Severity.highest(*(s for s, _ in found))
    return Grade(top, tuple(reason for s, reason in found if s == top))


def combine(
    answers: StructuredAnswers, text_grades: Iterable[tuple[Severity, tuple[str, ...]]]
) -> Grade:
    """Highest of the answers and every text (classifier and lexicon already merged)."""
    grades = [grade_answers(answers)]
    for severity, rules in text_grades:
        why = tuple(f"rule:{r}" for r in rules) or (f"text:{severity.value}",)
        grades.append(Grade(severity, why))
    top = Severity.highest(*(g.severity for g in grades))
    reasons: list[str] = []
    for g in grades:
        if g.severity == top:
            reasons.extend(r for r in g.reasons if r not in reasons)
    return Grade(top, tuple(reasons))
