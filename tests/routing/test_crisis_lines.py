"""The crisis lines of each place, for the crisis answer, and a plain "none known"."""

from __future__ import annotations

import pytest

from bot.domain import REGIONS_BY_COUNTRY, Confidence, Country, Region, ServiceType
from bot.i18n import Translator
from bot.routing.directory import Directory
from bot.routing.partners import PartnerService
from bot.routing.port import DirectoryRouting
from bot.routing.presentation import render_crisis_lines
from bot.routing.rules import crisis_lines

CRISIS_NUMBERS: dict[Country, list[str]] = {
    Country.UNITED_KINGDOM: ["116 123"],  # Samaritans
    Country.SERBIA: ["0800 300 303", "011 7777 000"],  # Centar Srce (high), then the pilot
    Country.KOSOVO: ["0800 12345"],  # Linja e Jetës, reduced hours
    Country.MONTENEGRO: ["1555"],  # psychological support line
    Country.ALBANIA: [],
    Country.BOSNIA_AND_HERZEGOVINA: [],
    Country.NORTH_MACEDONIA: [],
    Country.OTHER: [],
}


def _phones(crisis: object) -> list[str]:
    return [
        c.value
        for m in crisis.lines  # type: ignore[attr-defined]
        for c in m.service.contacts
        if c.kind == "phone"
    ]


@pytest.mark.parametrize(("country", "numbers"), sorted(CRISIS_NUMBERS.items()))
def test_crisis_lines_per_country(
    directory: Directory, t: Translator, country: Country, numbers: list[str]
) -> None:
    for region in (None, *REGIONS_BY_COUNTRY.get(country, ())):
        crisis = crisis_lines(country, region, directory=directory)
        assert _phones(crisis) == numbers
        assert crisis.none_known == (not numbers)
        assert all(m.service.type is ServiceType.CRISIS_LINE for m in crisis.lines)
        text = render_crisis_lines(crisis, t)
        if numbers:
            assert text.startswith("<b>You can talk to someone here:</b>")
            assert all("<b>{}</b>".format(n) in text for n in numbers)
        else:
            assert text == "We do not know of a crisis line for where you are."


def test_what_she_reads_about_each_line(directory: Directory, t: Translator) -> None:
    kosovo = render_crisis_lines(crisis_lines(Country.KOSOVO, None, directory=directory), t)
    assert "Linja e Jetës" in kosovo and "Daily 18:00–22:00 (since 29 December 2025)" in kosovo
    assert "(not yet verified)" in kosovo  # medium: number from the 2019 launch text
    uk = render_crisis_lines(crisis_lines(Country.UNITED_KINGDOM, None, directory=directory), t)
    assert uk == "<b>You can talk to someone here:</b>\nSamaritans: <b>116 123</b> · free · 24/7"
    serbia = render_crisis_lines(crisis_lines(Country.SERBIA, None, directory=directory), t)
    srce, pilot = serbia.splitlines()[1:]
    assert "Centar Srce" in srce and "(not yet verified)" not in srce
    assert "Every day 14:00–23:00" in srce
    assert "(not yet verified)" in pilot


def test_unverified_lines_can_be_left_out(directory: Directory) -> None:
    serbia = crisis_lines(Country.SERBIA, None, directory=directory, show_unverified=False)
    assert _phones(serbia) == ["0800 300 303"]
    kosovo = crisis_lines(Country.KOSOVO, None, directory=directory, show_unverified=False)
    assert kosovo.none_known
    for country in Country:
        crisis = crisis_lines(country, None, directory=directory, show_unverified=False)
        assert all(m.service.confidence is Confidence.HIGH for m in crisis.lines)


def test_the_routing_port_answers_the_crisis_flow(
    directory: Directory, partners: tuple[PartnerService, ...], t: Translator
) -> None:
    port = DirectoryRouting(directory=directory, partners=partners)
    assert _phones(port.crisis_lines(Country.UNITED_KINGDOM, Region.WALES)) == ["116 123"]
    assert "116 123" in port.crisis_message(Country.UNITED_KINGDOM, None, t)
    assert port.crisis_message(Country.ALBANIA, None, t).startswith("We do not know")
    assert port.partners_for_place(Country.OTHER, None) == ()
    assert port.partners_for_place(Country.SERBIA, None) == ("demo-rs",)
    assert port.partner_line("demo-gb-minors", t).startswith("For young people under 18")
