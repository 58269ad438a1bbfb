"""A case's severity from the structured answers and the texts."""

from __future__ import annotations

from bot.domain import AgeGroup, Category, Relationship, Severity
from bot.domain.grading import StructuredAnswers, combine, grade_answers


def test_danger_now_alone_is_critical() -> None:
    grade = grade_answers(StructuredAnswers(in_danger=True))
    assert grade.severity is Severity.CRITICAL
    assert "answer:in_danger" in grade.reasons


def test_images_of_a_minor_are_critical() -> None:
    answers = StructuredAnswers(age=AgeGroup.MINOR, images_shared_or_threatened=True)
    assert grade_answers(answers).severity is Severity.CRITICAL


def test_images_of_an_adult_are_high() -> None:
    answers = StructuredAnswers(age=AgeGroup.ADULT, images_shared_or_threatened=True)
    assert grade_answers(answers).severity is Severity.HIGH


def test_partner_and_stalking_is_high_with_reason() -> None:
    answers = StructuredAnswers(
        relationship=Relationship.PARTNER_OR_EX, categories=frozenset({Category.STALKING})
    )
    grade = grade_answers(answers)
    assert grade.severity is Severity.HIGH
    assert "answer:partner_threat_or_stalking" in grade.reasons


def test_nothing_answered_is_none() -> None:
    assert grade_answers(StructuredAnswers()).severity is Severity.NONE


def test_texts_only_raise_never_lower() -> None:
    answers = StructuredAnswers(in_danger=True)
    grade = combine(answers, [(Severity.LOW, ())])
    assert grade.severity is Severity.CRITICAL
    grade = combine(StructuredAnswers(), [(Severity.HIGH, ("threat_violence",))])
    assert grade.severity is Severity.HIGH and grade.reasons == ("rule:threat_violence",)


def test_severity_order() -> None:
    assert Severity.NONE < Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.CRITICAL
    assert Severity.highest(Severity.LOW, Severity.HIGH, Severity.MEDIUM) is Severity.HIGH
    assert Severity.highest() is Severity.NONE
