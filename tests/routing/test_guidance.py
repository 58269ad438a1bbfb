"""Guidance topics: stable ids, short bodies, and the choice of topics per case."""

from __future__ import annotations

from bot.domain import AgeGroup, Category, Relationship, Severity
from bot.routing.guidance import TOPICS, pick_topics

from .conftest import make_input

STABLE_IDS = {
    "preserve_evidence",
    "report_to_platform",
    "stopncii",
    "take_it_down",
    "secure_accounts",
    "stalkerware_and_location",
    "safety_planning",
    "police_report",
    "sextortion_do_not_pay",
    "self_care",
}


def test_topic_ids_are_stable() -> None:
    assert set(TOPICS) == STABLE_IDS
    assert all(topic.id == key for key, topic in TOPICS.items())


def test_topics_are_short() -> None:
    for topic in TOPICS.values():
        assert len(topic.body) <= 1000, topic.id
        assert len(topic.title) <= 80, topic.id
        assert "{" not in topic.body and "{" not in topic.title


def test_sextortion_starts_with_do_not_pay() -> None:
    topics = pick_topics(make_input(categories={Category.SEXTORTION}))
    assert topics[0] == "sextortion_do_not_pay"
    assert {"stopncii", "police_report", "preserve_evidence"} <= set(topics)


def test_minors_get_take_it_down_not_stopncii() -> None:
    topics = pick_topics(make_input(categories={Category.IMAGE_ABUSE}, age=AgeGroup.MINOR))
    assert "take_it_down" in topics and "stopncii" not in topics
    unknown = pick_topics(make_input(categories={Category.IMAGE_ABUSE}, age=AgeGroup.UNKNOWN))
    assert {"take_it_down", "stopncii"} <= set(unknown)


def test_partner_or_ex_gets_accounts_tracking_and_safety() -> None:
    topics = pick_topics(make_input(relationship=Relationship.PARTNER_OR_EX))
    assert {"secure_accounts", "stalkerware_and_location", "safety_planning"} <= set(topics)


def test_stalking_gets_tracking_checks() -> None:
    topics = pick_topics(make_input(categories={Category.STALKING}))
    assert {"stalkerware_and_location", "secure_accounts", "police_report"} <= set(topics)


def test_severity_only_adds_safety_planning() -> None:
    low = pick_topics(make_input(categories={Category.HARASSMENT}, severity=Severity.LOW))
    high = pick_topics(make_input(categories={Category.HARASSMENT}, severity=Severity.HIGH))
    assert "safety_planning" not in low and "safety_planning" in high
    assert set(low) <= set(high)


def test_every_case_gets_evidence_and_self_care() -> None:
    topics = pick_topics(make_input())
    assert topics[0] == "preserve_evidence" and topics[-1] == "self_care"
