"""What she sees of each entry: no doubt beside an emergency number, nothing of low confidence.

Every place, every combination of categories, age, relationship and danger,
rendered as she reads it (emergency numbers, services, crisis lines).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Confidence,
    Country,
    Region,
    Relationship,
    RoutingDecision,
    ServiceType,
    Severity,
)
from bot.i18n import Translator
from bot.routing.directory import Directory
from bot.routing.presentation import (
    UNVERIFIED_MARK,
    render_crisis_lines,
    render_emergency,
    render_service_blocks,
    render_services,
)
from bot.routing.rules import crisis_lines, route

from .conftest import make_input

PLACES = [
    (country, region)
    for country in Country
    for region in (None, *REGIONS_BY_COUNTRY.get(country, ()))
]
CATEGORY_SETS = [
    frozenset(),
    frozenset({Category.HARASSMENT}),
    frozenset({Category.THREAT, Category.IMAGE_ABUSE}),
    frozenset({Category.SELF_HARM}),
    frozenset(Category),
]


def _decisions(directory: Directory, **fixed: Any) -> Iterator[RoutingDecision]:
    for (country, region), cats, age, rel, danger in itertools.product(
        PLACES, CATEGORY_SETS, AgeGroup, (None, Relationship.PARTNER_OR_EX), (False, True)
    ):
        yield route(
            make_input(
                country=country,
                region=region,
                categories=cats,
                age=age,
                relationship=rel,
                in_danger=danger,
                severity=Severity.CRITICAL if danger else Severity.MEDIUM,
            ),
            directory=directory,
            partners=(),
            **fixed,
        )


def _emergency_numbers(directory: Directory) -> set[str]:
    return {
        c.value
        for s in directory
        if s.type in (ServiceType.EMERGENCY, ServiceType.POLICE)
        for c in s.contacts
        if c.kind == "phone"
    }


def _bold_numbers(text: str) -> set[str]:
    return set(re.findall(r"<b>([+0-9][0-9 ]*)</b>", text))


def test_no_unverified_mark_beside_an_emergency_number(directory: Directory, t: Translator) -> None:
    """Nowhere: not in the danger section, not in a service block that shows one."""
    emergency_numbers = _emergency_numbers(directory)
    mark = t.gettext(UNVERIFIED_MARK)
    blocks_with_numbers = 0
    for decision in _decisions(directory):
        assert mark not in render_emergency(decision, t)
        for block in render_service_blocks(decision, t):
            if _bold_numbers(block) & emergency_numbers:
                blocks_with_numbers += 1
                assert mark not in block, block
    assert blocks_with_numbers > 100  # the check looked at real blocks
    for country, region in PLACES:
        crisis = crisis_lines(country, region, directory=directory)
        text = render_crisis_lines(crisis, t)
        assert not (_bold_numbers(text) & emergency_numbers and mark in text)


def test_medium_entries_that_are_not_emergency_numbers_are_marked(
    directory: Directory, t: Translator
) -> None:
    decision = route(
        make_input(
            country=Country.BOSNIA_AND_HERZEGOVINA,
            region=Region.REPUBLIKA_SRPSKA,
            categories={Category.IMAGE_ABUSE},
            age=AgeGroup.UNKNOWN,
        ),
        directory=directory,
        partners=(),
    )
    text = render_services(decision, t)
    assert "<b>SOS line of Republika Srpska</b> – Republika Srpska (not yet verified)" in text
    # A high entry with a medium channel: the name is not marked, the channel is.
    block = next(b for b in render_service_blocks(decision, t) if "sigurnodijete" in b)
    heading, *lines = block.splitlines()
    assert "(not yet verified)" not in heading
    assert any("080 022 323" in line and "(not yet verified)" in line for line in lines)
    assert "come from public sources we have not yet confirmed" in text


LOW_VALUES = ("vtk@vtk.jt.rs", "help@revengepornhelpline.org.uk", "answer/9116649")


def test_no_low_confidence_entry_or_channel_reaches_her(
    directory: Directory, t: Translator
) -> None:
    low_entries = {s.id for s in directory if s.confidence is Confidence.LOW}
    low_channels = {
        c.value for s in directory for c in s.contacts if c.confidence is Confidence.LOW
    }
    assert low_entries == {"rs-vtk-prosecution"}
    assert low_channels == {
        "help@revengepornhelpline.org.uk",
        "support.google.com/websearch/answer/9116649",
    }
    seen_parents = set()
    for decision in _decisions(directory):
        for match in (*decision.emergency, *decision.signposted):
            assert match.service.confidence is not Confidence.LOW, match.service.id
            assert all(c.confidence is not Confidence.LOW for c in match.service.contacts)
            seen_parents.add(match.service.id)
        text = render_emergency(decision, t) + render_services(decision, t)
        assert not any(value in text for value in LOW_VALUES), text
    # The entries that hold the low channels are still shown, without them.
    assert {"int-revenge-porn-helpline", "int-google-intimate-images"} <= seen_parents


def test_hiding_unverified_entries_keeps_every_emergency_number(directory: Directory) -> None:
    for shown, hidden in zip(
        _decisions(directory), _decisions(directory, show_unverified=False), strict=True
    ):
        assert [m.service.id for m in hidden.emergency] == [
            m.service.id for m in shown.emergency if m.service.type is not ServiceType.CRISIS_LINE
        ] + [
            m.service.id
            for m in shown.emergency
            if m.service.type is ServiceType.CRISIS_LINE and m.service.confidence is Confidence.HIGH
        ]
        for match in hidden.signposted:
            if match.service.type not in (ServiceType.EMERGENCY, ServiceType.POLICE):
                assert match.service.confidence is Confidence.HIGH, match.service.id
                assert all(c.verified or c.emergency_number for c in match.service.contacts)


def test_a_police_number_inside_another_service_is_never_doubted(
    directory: Directory, t: Translator
) -> None:
    """Montenegro's high-tech crime unit (medium) is reached through 122 (the police)."""
    decision = route(
        make_input(country=Country.MONTENEGRO, categories={Category.THREAT}),
        directory=directory,
        partners=(),
    )
    block = next(b for b in render_service_blocks(decision, t) if "High-Tech Crime" in b)
    assert "<b>122</b>" in block and "(not yet verified)" not in block
