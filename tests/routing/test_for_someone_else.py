"""Reporting for someone else (issue 17, item 7): a child's case, reported by a parent or
a teacher, shows her country's child-protection lines first, and in the UK the NSPCC's
line for adults worried about a child next. The numbers are the directory's, which
come from shared/reference (services-research.yaml and services-verification.yaml).
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain import AgeGroup, Category, Country, Region, Relationship, ServiceType
from bot.routing.directory import Directory
from bot.routing.rules import route

from .conftest import make_input

CHILD_LINES = [
    (Country.ALBANIA, None, "116 111"),
    (Country.MONTENEGRO, None, "116 111"),
    (Country.SERBIA, None, "116 111"),
    (Country.NORTH_MACEDONIA, None, "070 390 632"),
    (Country.BOSNIA_AND_HERZEGOVINA, Region.FEDERATION_BIH, "080 05 03 05"),
    (Country.UNITED_KINGDOM, Region.ENGLAND, "0800 1111"),
]


def _signposted(directory: Directory, **kw: Any) -> list[tuple[str, str, str]]:
    decision = route(make_input(**kw), directory=directory, partners=())
    return [
        (m.service.id, m.reason_id, next(c.value for c in m.service.contacts))
        for m in decision.signposted
    ]


@pytest.mark.parametrize(("country", "region", "number"), CHILD_LINES)
@pytest.mark.parametrize("relationship", [Relationship.PARTNER_OR_EX, Relationship.FAMILY, None])
@pytest.mark.parametrize("category", [Category.HARASSMENT, Category.SEXTORTION])
def test_a_parent_reporting_for_a_child_sees_the_child_line_first(
    directory: Directory,
    country: Country,
    region: Region | None,
    number: str,
    relationship: Relationship | None,
    category: Category,
) -> None:
    shown = _signposted(
        directory,
        country=country,
        region=region,
        categories={category},
        age=AgeGroup.MINOR,
        relationship=relationship,
        for_someone_else=True,
    )
    first_id, reason, first_number = shown[0]
    assert directory.get(first_id).type is ServiceType.CHILD_HELPLINE
    assert first_number == number and reason == "child_helpline_minor_for_helper"


def test_in_the_uk_the_nspcc_line_for_worried_adults_comes_next(directory: Directory) -> None:
    shown = _signposted(
        directory,
        country=Country.UNITED_KINGDOM,
        region=Region.SCOTLAND,
        categories={Category.HARASSMENT},
        age=AgeGroup.MINOR,
        relationship=Relationship.KNOWN,
        for_someone_else=True,
    )
    assert [number for _id, _reason, number in shown[:2]] == ["0800 1111", "0808 800 5000"]
    assert shown[1][1] == "concerned_adult_helpline"


def test_a_girl_reporting_for_herself_keeps_her_order(directory: Directory) -> None:
    """Her own report: a partner's abuse still starts at the women's line (test_rules)."""
    kw: dict[str, Any] = dict(
        country=Country.ALBANIA,
        categories={Category.HARASSMENT},
        age=AgeGroup.MINOR,
        relationship=Relationship.PARTNER_OR_EX,
    )
    herself = _signposted(directory, **kw)
    helper = _signposted(directory, **kw, for_someone_else=True)
    assert herself[0][2] == "116 117" and helper[0][2] == "116 111"
    # The same services, only the order and the child line's words differ.
    assert {s[0] for s in herself} == {s[0] for s in helper}


def test_for_an_adult_the_helper_sees_what_she_would_see(directory: Directory) -> None:
    kw: dict[str, Any] = dict(
        country=Country.SERBIA,
        categories={Category.IMAGE_ABUSE, Category.THREAT},
        age=AgeGroup.ADULT,
        relationship=Relationship.PARTNER_OR_EX,
    )
    assert _signposted(directory, **kw) == _signposted(directory, **kw, for_someone_else=True)


def test_kosovo_has_no_child_line_and_says_so(directory: Directory) -> None:
    decision = route(
        make_input(country=Country.KOSOVO, age=AgeGroup.MINOR, for_someone_else=True),
        directory=directory,
        partners=(),
    )
    assert "no_child_helpline_listed" in decision.notes
    assert not any(m.service.type is ServiceType.CHILD_HELPLINE for m in decision.signposted)
