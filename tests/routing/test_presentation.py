"""Rendering: translated, HTML-safe, marked when unverified, and within Telegram's limit."""

from __future__ import annotations

import gettext
import itertools
from pathlib import Path
from typing import Any

import pytest

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Country,
    Region,
    Relationship,
    RoutingDecision,
    Severity,
)
from bot.i18n import Translator
from bot.routing.directory import Directory, load_directory
from bot.routing.guidance import TOPICS
from bot.routing.presentation import (
    TELEGRAM_LIMIT,
    describe_reason,
    render_emergency,
    render_guidance_topic,
    render_services,
    render_services_messages,
    service_name,
    split_message,
)
from bot.routing.reasons import REASONS, WHAT_POLICE_NEED
from bot.routing.rules import route
from bot.routing.texts import code_msgids, survivor_msgids
from tests.helpers.directory import police_entry

from .conftest import make_input


class Pseudo(gettext.NullTranslations):
    """A catalogue that wraps every message, to see what went through gettext."""

    def gettext(self, message: str) -> str:
        return "‹" + message + "›"


@pytest.fixture
def pseudo() -> Translator:
    return Translator("sq", Pseudo())


def _decide(directory: Directory, **kw: Any) -> RoutingDecision:
    return route(make_input(**kw), directory=directory, partners=())


def test_emergency_lists_the_numbers_and_the_112_warning(
    directory: Directory, t: Translator
) -> None:
    text = render_emergency(
        _decide(directory, country=Country.BOSNIA_AND_HERZEGOVINA, in_danger=True), t
    )
    assert text.startswith("<b>If you are in danger now, call:</b>")
    assert "<b>122</b>" in text and "112 does not work" in text
    # Some phones turn 122 into 112 (RFE/RL 2021): she is told to dial 122 herself.
    assert "on the keypad" in text and "emergency button or shortcut" in text
    # 122 is still medium confidence, but doubt is never shown beside an emergency number.
    assert "(not yet verified)" not in text


def test_uk_emergency_says_how_to_call_silently(directory: Directory, t: Translator) -> None:
    text = render_emergency(_decide(directory, country=Country.UNITED_KINGDOM, in_danger=True), t)
    assert "<b>999</b>" in text and "press 55" in text


def test_no_emergency_text_without_danger(directory: Directory, t: Translator) -> None:
    assert render_emergency(_decide(directory, country=Country.SERBIA), t) == ""


def test_outside_the_seven_in_danger_is_told_to_call_the_local_number(
    directory: Directory, t: Translator
) -> None:
    text = render_emergency(_decide(directory, country=Country.OTHER, in_danger=True), t)
    assert "local emergency number" in text


def test_services_show_contacts_reasons_and_marks(directory: Directory, t: Translator) -> None:
    decision = _decide(
        directory,
        country=Country.BOSNIA_AND_HERZEGOVINA,
        region=Region.REPUBLIKA_SRPSKA,
        relationship=Relationship.PARTNER_OR_EX,
        categories={Category.THREAT},
    )
    text = render_services(decision, t)
    assert "<b>1264</b>" in text
    assert "– Republika Srpska (not yet verified)" in text
    assert t.gettext(REASONS["vaw_line_partner_or_ex"]) in text
    assert WHAT_POLICE_NEED in text
    assert "come from public sources we have not yet confirmed" in text


def test_every_survivor_string_goes_through_gettext(
    directory: Directory, pseudo: Translator
) -> None:
    decision = _decide(
        directory,
        country=Country.UNITED_KINGDOM,
        region=Region.ENGLAND,
        in_danger=True,
        categories={Category.IMAGE_ABUSE, Category.THREAT},
    )
    emergency = render_emergency(decision, pseudo)
    services = render_services(decision, pseudo)
    assert "‹If you are in danger now, call:›" in emergency
    assert "‹Emergency number›" in emergency
    assert "‹If you cannot speak, press 55 on a mobile›" in emergency
    assert "‹Who can help›" in services
    assert "‹Phone: " in services and "‹free›" in services
    assert "‹Domestic abuse, including tech abuse.›" in services
    assert "‹" + REASONS["stopncii_adult"] + "›" in services
    assert "‹hours: {}›".format("‹Monday–Friday 10:00–16:00, closed on bank holidays›") in services
    topic = render_guidance_topic("preserve_evidence", pseudo)
    assert topic.startswith("<b>‹Keep evidence›</b>")


def test_names_and_translations_are_html_escaped(write_directory: Any) -> None:
    entry = police_entry()
    odd = {
        **entry,
        "id": "gb-odd",
        "type": "ngo",
        "name_en": "Women <b>& Girls</b>",
        "description_en": "A < B",
    }
    folder: Path = write_directory(
        "test.yaml", {"scope": "gb", "compiled": "2026-11-28", "services": [entry, odd]}
    )
    directory = load_directory(folder)
    service = directory.get("gb-odd")
    t = Translator("en", gettext.NullTranslations())
    assert service_name(service, t) == "Women &lt;b&gt;&amp; Girls&lt;/b&gt;"
    decision = _decide(directory, country=Country.UNITED_KINGDOM)
    text = render_services(decision, t)
    assert "A &lt; B" in text and "<b>Women &lt;b&gt;" in text


def test_local_names_for_readers_of_other_languages(directory: Directory) -> None:
    service = directory.get("rs-sos-0800222003")
    sr = Translator("sr_Latn", gettext.NullTranslations())
    en = Translator("en", gettext.NullTranslations())
    assert service_name(service, sr) == "Nacionalna SOS linija za žene sa iskustvom nasilja"
    assert service_name(service, en).startswith("National SOS line")


def test_describe_reason(t: Translator) -> None:
    assert describe_reason("police_report", t).endswith(WHAT_POLICE_NEED)
    assert describe_reason("no-such-reason", t) == REASONS["related_service"]


PLACES = [
    (country, region)
    for country in Country
    for region in (None, *REGIONS_BY_COUNTRY.get(country, ()))
]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: f"{p[0].value}-{p[1] or 'any'}")
def test_every_message_fits_telegram_and_no_service_is_dropped(
    directory: Directory, t: Translator, place: tuple[Country, Region | None]
) -> None:
    country, region = place
    category_sets = [frozenset(), frozenset({Category.HARASSMENT}), frozenset(Category)]
    for cats, age, rel in itertools.product(
        category_sets, AgeGroup, (None, Relationship.PARTNER_OR_EX)
    ):
        decision = _decide(
            directory,
            country=country,
            region=region,
            categories=cats,
            age=age,
            relationship=rel,
            severity=Severity.CRITICAL,
            in_danger=True,
        )
        emergency = render_emergency(decision, t)
        services = render_services(decision, t)
        messages = render_services_messages(decision, t)
        assert len(emergency) <= TELEGRAM_LIMIT
        assert len(services) <= TELEGRAM_LIMIT
        assert all(len(m) <= TELEGRAM_LIMIT for m in messages)
        for match in decision.signposted:
            name = service_name(match.service, t)
            assert name in services, name
            assert match.service.contacts[0].value.replace("&", "&amp;") in services


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_guidance_topics_render(t: Translator, topic_id: str) -> None:
    text = render_guidance_topic(topic_id, t)
    assert len(text) <= TELEGRAM_LIMIT
    assert text.startswith("<b>")


def test_split_message_keeps_every_block() -> None:
    blocks = ["a" * 3000, "b" * 3000, "c" * 10]
    messages = split_message(blocks)
    assert messages == ["a" * 3000, "b" * 3000 + "\n\n" + "c" * 10]
    long_block = "\n".join(["x" * 100] * 100)
    parts = split_message([long_block])
    assert all(len(p) <= TELEGRAM_LIMIT for p in parts)
    assert "".join(parts).count("x") == 100 * 100


def test_msgid_inventory(directory: Directory) -> None:
    code = code_msgids()
    everything = survivor_msgids(directory)
    assert code <= everything
    assert "Who can help" in code and WHAT_POLICE_NEED in code
    assert "For young people under 18: support from people who work with them." in code
    assert "Monday–Friday 10:00–16:00, closed on bank holidays" in everything
    for msgid in everything:
        # Placeholders are named and only those the renderer fills in.
        assert msgid.count("{") == msgid.count("}")
        if "{" in msgid:
            assert any(p in msgid for p in ("{value}", "{hours}")), msgid
