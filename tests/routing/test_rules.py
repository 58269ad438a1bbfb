"""Routing rules: explicit cases per country and region, and properties over all inputs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
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
    RoutingInput,
    ServiceType,
    Severity,
)
from bot.routing.directory import Directory, load_directory
from bot.routing.guidance import TOPICS
from bot.routing.partners import PartnerService
from bot.routing.reasons import ADMIN_NOTES, NOTES, REASONS
from bot.routing.rules import needs_emergency, route
from tests.helpers.directory import police_entry

from .conftest import make_input

PARTNER = Relationship.PARTNER_OR_EX


def _route(directory: Directory, partners: Any = (), **kw: Any) -> RoutingDecision:
    return route(make_input(**kw), directory=directory, partners=partners)


def _phones(matches: Any) -> list[str]:
    return [c.value for m in matches for c in m.service.contacts if c.kind == "phone"]


def _ids(matches: Any) -> list[str]:
    return [m.service.id for m in matches]


# --- Partner or ex: the national violence-against-women line comes first -------------

FIRST_LINE_FOR_PARTNER_OR_EX = [
    (Country.ALBANIA, None, "116 117"),
    (Country.KOSOVO, None, "0800 11 112"),
    (Country.MONTENEGRO, None, "080 111 111"),
    (Country.NORTH_MACEDONIA, None, "070 141 700"),
    (Country.SERBIA, None, "0800 222 003"),
    (Country.BOSNIA_AND_HERZEGOVINA, Region.FEDERATION_BIH, "1265"),
    (Country.BOSNIA_AND_HERZEGOVINA, Region.REPUBLIKA_SRPSKA, "1264"),
    (Country.BOSNIA_AND_HERZEGOVINA, Region.BRCKO, "122"),
    (Country.UNITED_KINGDOM, Region.ENGLAND, "0808 2000 247"),
    (Country.UNITED_KINGDOM, Region.WALES, "0808 80 10 800"),
    (Country.UNITED_KINGDOM, Region.SCOTLAND, "0800 027 1234"),
    (Country.UNITED_KINGDOM, Region.NORTHERN_IRELAND, "0808 802 1414"),
]


@pytest.mark.parametrize(("country", "region", "number"), FIRST_LINE_FOR_PARTNER_OR_EX)
@pytest.mark.parametrize("category", [Category.HARASSMENT, Category.IMAGE_ABUSE, Category.STALKING])
@pytest.mark.parametrize("age", list(AgeGroup))
def test_partner_or_ex_gets_the_national_line_first(
    directory: Directory,
    country: Country,
    region: Region | None,
    number: str,
    category: Category,
    age: AgeGroup,
) -> None:
    decision = _route(
        directory,
        country=country,
        region=region,
        categories={category},
        age=age,
        relationship=PARTNER,
    )
    first = decision.signposted[0]
    assert _phones([first])[0] == number
    expected = "police_where_no_sos_line" if region is Region.BRCKO else "vaw_line_partner_or_ex"
    assert first.reason_id == expected


def test_brcko_gets_the_police_and_a_note(directory: Directory) -> None:
    decision = _route(directory, country=Country.BOSNIA_AND_HERZEGOVINA, region=Region.BRCKO)
    assert "ba_brcko_no_sos_line" in decision.notes
    assert "ba-police-122" in _ids(decision.signposted)
    assert not {"ba-rs-sos-1264", "ba-fbih-sos-1265"} & set(_ids(decision.signposted))


def test_unknown_region_lists_every_regional_line(directory: Directory) -> None:
    decision = _route(directory, country=Country.UNITED_KINGDOM, relationship=PARTNER)
    assert _phones(decision.signposted[:4]) == [
        "0808 2000 247",
        "0808 80 10 800",
        "0800 027 1234",
        "0808 802 1414",
    ]
    assert "region_unknown" in decision.notes


@pytest.mark.parametrize(("country", "region", "number"), FIRST_LINE_FOR_PARTNER_OR_EX)
def test_the_national_line_is_listed_whoever_the_abuser_is(
    directory: Directory, country: Country, region: Region | None, number: str
) -> None:
    for relationship in [None, *Relationship]:
        decision = _route(directory, country=country, region=region, relationship=relationship)
        assert number in _phones(decision.signposted)


# --- Safety first ------------------------------------------------------------------

EMERGENCY_NUMBERS = {
    Country.ALBANIA: ["112", "129", "127"],
    Country.BOSNIA_AND_HERZEGOVINA: ["122", "124"],
    Country.KOSOVO: ["112", "192", "0800 19999", "194"],
    Country.MONTENEGRO: ["112", "122", "124"],
    Country.NORTH_MACEDONIA: ["112", "192", "194"],
    Country.SERBIA: ["192", "194"],
    Country.UNITED_KINGDOM: ["999"],
}


@pytest.mark.parametrize(("country", "numbers"), sorted(EMERGENCY_NUMBERS.items()))
@pytest.mark.parametrize(
    ("severity", "in_danger"), [(Severity.CRITICAL, False), (Severity.LOW, True)]
)
def test_danger_or_critical_shows_the_right_numbers_first(
    directory: Directory, country: Country, numbers: list[str], severity: Severity, in_danger: bool
) -> None:
    decision = _route(directory, country=country, severity=severity, in_danger=in_danger)
    assert _phones(decision.emergency) == numbers
    assert decision.emergency[0].service.type in (ServiceType.EMERGENCY, ServiceType.POLICE)


def test_bosnia_and_serbia_say_what_to_call_instead_of_112(directory: Directory) -> None:
    ba = _route(directory, country=Country.BOSNIA_AND_HERZEGOVINA, in_danger=True)
    rs = _route(directory, country=Country.SERBIA, in_danger=True)
    assert "ba_no_112" in ba.notes and "rs_112_not_confirmed" in rs.notes


def test_no_emergency_section_without_danger(directory: Directory) -> None:
    decision = _route(directory, country=Country.SERBIA, severity=Severity.HIGH)
    assert decision.emergency == ()


def test_self_harm_gets_emergency_numbers_ambulance_first(directory: Directory) -> None:
    decision = _route(
        directory, country=Country.SERBIA, categories={Category.SELF_HARM}, severity=Severity.LOW
    )
    # Ambulance, police, then Serbia's crisis lines (Centar Srce, the 2019 pilot line).
    assert _phones(decision.emergency) == ["194", "192", "0800 300 303", "011 7777 000"]
    assert "no_crisis_line_listed" not in decision.notes
    albania = _route(
        directory, country=Country.ALBANIA, categories={Category.SELF_HARM}, severity=Severity.LOW
    )
    assert "no_crisis_line_listed" in albania.notes  # none known for Albania


def test_self_harm_gets_a_crisis_line_where_the_directory_has_one(
    directory: Directory, write_directory: Any
) -> None:
    police = police_entry()
    crisis = {
        **police,
        "id": "gb-crisis",
        "type": "crisis_line",
        "name_en": "Crisis line",
        "contacts": [{"kind": "phone", "value": "000"}],
    }
    folder: Path = write_directory(
        "test.yaml", {"scope": "gb", "compiled": "2026-11-28", "services": [police, crisis]}
    )
    decision = _route(
        load_directory(folder), country=Country.UNITED_KINGDOM, categories={Category.SELF_HARM}
    )
    assert _ids(decision.emergency) == ["gb-police", "gb-crisis"]
    assert decision.emergency[1].reason_id == "crisis_line_self_harm"
    assert "no_crisis_line_listed" not in decision.notes


# --- Images ------------------------------------------------------------------------


def test_adult_image_abuse_in_the_uk(directory: Directory) -> None:
    decision = _route(
        directory,
        country=Country.UNITED_KINGDOM,
        region=Region.ENGLAND,
        categories={Category.IMAGE_ABUSE},
    )
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    assert reasons["int-stopncii"] == "stopncii_adult"
    assert reasons["int-revenge-porn-helpline"] == "rph_uk"
    assert "gb-iwf-report-remove" not in reasons and "gb-childline" not in reasons
    assert "stopncii" in decision.guidance_topics


@pytest.mark.parametrize("country", [c for c in Country if c is not Country.UNITED_KINGDOM])
def test_adult_image_abuse_outside_the_uk_gets_rph_advice(
    directory: Directory, country: Country
) -> None:
    decision = _route(directory, country=country, categories={Category.IMAGE_ABUSE})
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    assert reasons["int-stopncii"] == "stopncii_adult"
    assert reasons["int-revenge-porn-helpline"] == "rph_outside_uk"


def test_minor_image_abuse_in_the_uk(directory: Directory) -> None:
    decision = _route(
        directory,
        country=Country.UNITED_KINGDOM,
        region=Region.SCOTLAND,
        categories={Category.IMAGE_ABUSE},
        age=AgeGroup.MINOR,
    )
    ids = _ids(decision.signposted)
    assert ids[0] == "gb-childline"
    assert ids.index("int-take-it-down") < ids.index("gb-iwf-report-remove") < ids.index("gb-ceop")
    assert "int-stopncii" not in ids and "int-revenge-porn-helpline" not in ids
    assert "take_it_down" in decision.guidance_topics
    assert "stopncii" not in decision.guidance_topics


CHILD_LINES = {
    Country.ALBANIA: "116 111",
    Country.BOSNIA_AND_HERZEGOVINA: "080 05 03 05",
    Country.MONTENEGRO: "116 111",
    Country.NORTH_MACEDONIA: "070 390 632",
    Country.SERBIA: "116 111",
    Country.UNITED_KINGDOM: "0800 1111",
}


@pytest.mark.parametrize("country", [c for c in Country if c is not Country.OTHER])
@pytest.mark.parametrize("category", [None, Category.IMAGE_ABUSE, Category.SEXTORTION])
def test_minors_get_child_helplines_and_take_it_down(
    directory: Directory, country: Country, category: Category | None
) -> None:
    decision = _route(
        directory,
        country=country,
        age=AgeGroup.MINOR,
        categories={category} if category else set(),
    )
    if country in CHILD_LINES:
        assert _phones(decision.signposted)[0] == CHILD_LINES[country]
        assert decision.signposted[0].reason_id == "child_helpline_minor"
    else:  # Kosovo: none found
        assert "no_child_helpline_listed" in decision.notes
    if category:
        assert "int-take-it-down" in _ids(decision.signposted)


def test_unknown_age_gets_tools_for_both(directory: Directory) -> None:
    decision = _route(
        directory,
        country=Country.ALBANIA,
        categories={Category.IMAGE_ABUSE},
        age=AgeGroup.UNKNOWN,
    )
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    assert reasons["al-alo-116111"] == "child_helpline_if_under_18"
    assert reasons["int-take-it-down"] == "take_it_down_if_taken_under_18"
    assert reasons["int-stopncii"] == "stopncii_if_adult"
    ids = _ids(decision.signposted)
    assert ids.index("int-take-it-down") < ids.index("int-stopncii")


# --- Crimes: the police or cybercrime channel ---------------------------------------

CRIME_CHANNELS = {
    Country.ALBANIA: ["al-cybercrime-asp", "al-police-129"],
    Country.KOSOVO: ["xk-police-192"],
    Country.MONTENEGRO: ["me-police-high-tech-crime", "me-police-122"],
    Country.NORTH_MACEDONIA: ["mk-police-computer-crime", "mk-police-192"],
    Country.SERBIA: ["rs-mup-high-tech-crime", "rs-police-192"],
    Country.UNITED_KINGDOM: ["gb-report-fraud", "gb-sct-police-cybercrime", "gb-police-101"],
    Country.BOSNIA_AND_HERZEGOVINA: ["ba-rs-police-high-tech-crime", "ba-police-122"],
}


@pytest.mark.parametrize(("country", "channels"), sorted(CRIME_CHANNELS.items()))
@pytest.mark.parametrize(
    "category", [Category.THREAT, Category.DOXXING, Category.STALKING, Category.SEXTORTION]
)
def test_crimes_get_the_police_or_cybercrime_channel(
    directory: Directory, country: Country, channels: list[str], category: Category
) -> None:
    decision = _route(directory, country=country, categories={category})
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    for service_id in channels:
        assert reasons[service_id] in ("cybercrime_unit", "police_report")
    assert "police_report" in decision.guidance_topics
    # Low confidence (sources contradict each other): never shown to her.
    assert "rs-vtk-prosecution" not in reasons


def test_regional_cybercrime_units(directory: Directory) -> None:
    sct = _route(
        directory,
        country=Country.UNITED_KINGDOM,
        region=Region.SCOTLAND,
        categories={Category.THREAT},
    )
    assert "gb-sct-police-cybercrime" in _ids(sct.signposted)
    assert "gb-report-fraud" not in _ids(sct.signposted)
    fbih = _route(
        directory,
        country=Country.BOSNIA_AND_HERZEGOVINA,
        region=Region.FEDERATION_BIH,
        categories={Category.THREAT},
    )
    assert "ba-rs-police-high-tech-crime" not in _ids(fbih.signposted)
    assert "ba-police-122" in _ids(fbih.signposted)


def test_no_police_channel_for_harassment_alone(directory: Directory) -> None:
    decision = _route(directory, country=Country.ALBANIA, categories={Category.HARASSMENT})
    assert "al-cybercrime-asp" not in _ids(decision.signposted)


# --- Outside the seven countries ----------------------------------------------------


def test_outside_the_seven_gets_the_international_tools_that_fit(directory: Directory) -> None:
    harassment = _route(
        directory, country=Country.OTHER, categories={Category.HARASSMENT}, in_danger=True
    )
    assert harassment.no_local_services
    assert {"no_local_services", "no_local_emergency_number"} <= set(harassment.notes)
    assert harassment.emergency == ()
    # No image tools for plain harassment, and no tool for civil society unless she is one.
    assert harassment.signposted == ()
    images = _route(directory, country=Country.OTHER, categories={Category.IMAGE_ABUSE})
    ids = _ids(images.signposted)
    assert {"int-stopncii", "int-take-it-down", "int-meta-ncii"} <= set(ids)
    assert "int-access-now-helpline" not in ids
    assert all(m.service.country is None for m in images.signposted)
    sextortion = _route(
        directory, country=Country.OTHER, categories={Category.SEXTORTION}, age=AgeGroup.MINOR
    )
    assert "int-take-it-down" in _ids(sextortion.signposted)
    assert "int-stopncii" not in _ids(sextortion.signposted)  # adults only
    threat = _route(directory, country=Country.OTHER, categories={Category.THREAT})
    assert not {"int-stopncii", "int-take-it-down"} & set(_ids(threat.signposted))


def test_region_must_belong_to_the_country(directory: Directory) -> None:
    with pytest.raises(ValueError):
        _route(directory, country=Country.ALBANIA, region=Region.WALES)
    with pytest.raises(ValueError):
        _route(directory, country=Country.OTHER, region=Region.WALES)


# --- Unverified entries --------------------------------------------------------------


def test_unverified_entries_are_shown_marked_by_default(directory: Directory) -> None:
    decision = _route(
        directory, country=Country.BOSNIA_AND_HERZEGOVINA, region=Region.REPUBLIKA_SRPSKA
    )
    assert "ba-rs-sos-1264" in _ids(decision.signposted)  # medium
    assert "unverified_shown" in decision.notes
    # Brčko: only the police (medium, but an emergency number is never marked).
    brcko = _route(directory, country=Country.BOSNIA_AND_HERZEGOVINA, region=Region.BRCKO)
    assert "ba-police-122" in _ids(brcko.signposted)
    assert "unverified_shown" not in brcko.notes


def test_unverified_entries_can_be_hidden_except_emergency_numbers(directory: Directory) -> None:
    decision = route(
        make_input(
            country=Country.MONTENEGRO,
            in_danger=True,
            relationship=PARTNER,
            categories={Category.THREAT},
        ),
        directory=directory,
        partners=(),
        show_unverified=False,
    )
    assert _phones(decision.emergency) == ["112", "122", "124"]
    assert all(m.service.verified for m in decision.signposted)
    assert "unverified_hidden" in decision.notes
    assert _phones(decision.signposted)[0] == "080 111 111"


# --- Partners --------------------------------------------------------------------------


def test_partners_follow_country_and_region(
    directory: Directory, partners: tuple[PartnerService, ...]
) -> None:
    rs = _route(
        directory,
        partners,
        country=Country.BOSNIA_AND_HERZEGOVINA,
        region=Region.REPUBLIKA_SRPSKA,
    )
    assert rs.partners == ("demo-ba-rs",)
    unknown = _route(directory, partners, country=Country.BOSNIA_AND_HERZEGOVINA)
    assert set(unknown.partners) == {"demo-ba-fbih", "demo-ba-rs"}
    other = _route(directory, partners, country=Country.OTHER)
    assert other.partners == ()
    minor = _route(
        directory,
        partners,
        country=Country.UNITED_KINGDOM,
        age=AgeGroup.MINOR,
        categories={Category.SEXTORTION},
    )
    assert set(minor.partners) == {"demo-gb", "demo-gb-minors"}
    adult = _route(
        directory, partners, country=Country.UNITED_KINGDOM, categories={Category.SEXTORTION}
    )
    assert adult.partners == ("demo-gb",)


# --- Properties over every combination ---------------------------------------------------

PLACES: list[tuple[Country, Region | None]] = [
    (country, region)
    for country in Country
    for region in (None, *REGIONS_BY_COUNTRY.get(country, ()))
]
CATEGORY_SETS: list[frozenset[Category]] = [
    frozenset(),
    *(frozenset({c}) for c in Category),
    frozenset({Category.IMAGE_ABUSE, Category.SEXTORTION, Category.THREAT}),
    frozenset({Category.STALKING, Category.DOXXING, Category.HATE}),
    frozenset(Category),
]
RELATIONSHIPS: list[Relationship | None] = [None, *Relationship]


def _all_inputs(country: Country, region: Region | None) -> Iterator[RoutingInput]:
    for cats, severity, age, rel, danger in itertools.product(
        CATEGORY_SETS, Severity, AgeGroup, RELATIONSHIPS, (False, True)
    ):
        yield make_input(country, region, cats, severity, age, rel, danger)


def _place_id(place: tuple[Country, Region | None]) -> str:
    return f"{place[0].value}-{place[1].value if place[1] else 'any'}"


@pytest.mark.parametrize("place", PLACES, ids=_place_id)
def test_properties_hold_for_every_input(
    directory: Directory, partners: tuple[PartnerService, ...], place: tuple[Country, Region | None]
) -> None:
    country, region = place
    for inp in _all_inputs(country, region):
        decision = route(inp, directory=directory, partners=partners)
        # Safety first.
        if inp.in_danger or inp.severity is Severity.CRITICAL:
            if country is Country.OTHER:
                assert "no_local_emergency_number" in decision.notes
            else:
                assert decision.emergency, inp
                assert decision.emergency[0].service.type in (
                    ServiceType.EMERGENCY,
                    ServiceType.POLICE,
                )
        assert bool(decision.emergency) == (needs_emergency(inp) and country is not Country.OTHER)
        # Only services for her place, each once, each with a known reason.
        ids = _ids(decision.signposted)
        assert len(ids) == len(set(ids)), inp
        for match in (*decision.emergency, *decision.signposted):
            service = match.service
            assert service.country in (country, None)
            assert not service.regions or region is None or region in service.regions
            assert match.reason_id in REASONS
            if inp.age is AgeGroup.MINOR:
                assert AgeGroup.ADULT not in service.ages or service.ages == ()
            if inp.age is AgeGroup.ADULT:
                assert service.ages != (AgeGroup.MINOR,)
        assert set(decision.notes) <= set(NOTES) | set(ADMIN_NOTES)
        assert set(decision.guidance_topics) <= set(TOPICS)
        assert decision.guidance_topics[0] in ("preserve_evidence", "sextortion_do_not_pay")
        assert decision.guidance_topics[-1] == "self_care"
        assert decision.no_local_services == (country is Country.OTHER)
        if country is not Country.OTHER:
            assert decision.signposted, inp


@pytest.mark.parametrize("place", PLACES, ids=_place_id)
def test_severity_and_danger_never_change_the_signposted_services(
    directory: Directory, place: tuple[Country, Region | None]
) -> None:
    """Classification never reduces help: raising severity keeps every service, in order."""
    country, region = place
    for cats, age, rel in itertools.product(CATEGORY_SETS, AgeGroup, RELATIONSHIPS):
        baseline = None
        topics: dict[tuple[int, bool], set[str]] = {}
        for severity in sorted(Severity, key=lambda s: s.rank):
            for danger in (False, True):
                decision = _route(
                    directory,
                    country=country,
                    region=region,
                    categories=cats,
                    severity=severity,
                    age=age,
                    relationship=rel,
                    in_danger=danger,
                )
                if baseline is None:
                    baseline = decision.signposted
                assert decision.signposted == baseline
                topics[severity.rank, danger] = set(decision.guidance_topics)
                if severity.rank:
                    assert topics[severity.rank - 1, danger] <= topics[severity.rank, danger]
                if danger:
                    assert topics[severity.rank, False] <= topics[severity.rank, True]
                    assert decision.emergency or country is Country.OTHER


# --- Her role, her relationship: services only where they fit ------------------------


@pytest.mark.parametrize("country", list(Country))
def test_access_now_only_for_activists_journalists_and_defenders(
    directory: Directory, country: Country
) -> None:
    cats = {Category.THREAT, Category.DOXXING}
    plain = _route(directory, country=country, categories=cats)
    assert "int-access-now-helpline" not in _ids(plain.signposted)
    public = route(
        RoutingInput(
            country=country,
            region=None,
            categories=frozenset(cats),
            severity=Severity.HIGH,
            age=AgeGroup.ADULT,
            relationship=None,
            in_danger=False,
            public_role=True,
        ),
        directory=directory,
        partners=(),
    )
    reasons = {m.service.id: m.reason_id for m in public.signposted}
    assert reasons["int-access-now-helpline"] == "digital_security"
    # Her other services are the same either way (classification never reduces help).
    assert [i for i in _ids(public.signposted) if i != "int-access-now-helpline"] == _ids(
        plain.signposted
    )


@pytest.mark.parametrize("relationship", [PARTNER, Relationship.FAMILY])
def test_serbia_domestic_violence_police_line_for_a_partner_or_family(
    directory: Directory, relationship: Relationship
) -> None:
    decision = _route(
        directory, country=Country.SERBIA, relationship=relationship, categories={Category.THREAT}
    )
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    assert reasons["rs-mup-dv-line-0800100600"] == "domestic_violence_police_line"
    assert "rs-mup-dv-line-0800100600" not in _ids(decision.emergency)


def test_no_domestic_violence_line_for_a_stranger(directory: Directory) -> None:
    for danger in (False, True):
        decision = _route(
            directory,
            country=Country.SERBIA,
            relationship=Relationship.UNKNOWN,
            categories={Category.THREAT},
            in_danger=danger,
        )
        assert "rs-mup-dv-line-0800100600" not in _ids(decision.signposted)
        assert "rs-mup-dv-line-0800100600" not in _ids(decision.emergency)


@pytest.mark.parametrize("age", [AgeGroup.MINOR, AgeGroup.UNKNOWN])
def test_uk_adults_worried_about_a_child_get_the_nspcc(directory: Directory, age: AgeGroup) -> None:
    decision = _route(
        directory, country=Country.UNITED_KINGDOM, categories={Category.SEXTORTION}, age=age
    )
    reasons = {m.service.id: m.reason_id for m in decision.signposted}
    assert reasons["gb-nspcc-helpline"] == "concerned_adult_helpline"
    ids = _ids(decision.signposted)
    assert ids.index("gb-ceop") < ids.index("gb-nspcc-helpline")
    adult = _route(directory, country=Country.UNITED_KINGDOM, categories={Category.SEXTORTION})
    assert "gb-nspcc-helpline" not in _ids(adult.signposted)


def test_self_harm_in_the_uk_gets_samaritans(directory: Directory) -> None:
    decision = _route(directory, country=Country.UNITED_KINGDOM, categories={Category.SELF_HARM})
    assert _phones(decision.emergency) == ["999", "116 123"]
    assert decision.emergency[-1].reason_id == "crisis_line_self_harm"
