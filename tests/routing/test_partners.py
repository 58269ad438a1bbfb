"""Partner services: deployment configuration, with clearly named demonstrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import AgeGroup, Category, Country, Region
from bot.routing.partners import (
    PARTNER_LINES,
    PartnerService,
    eligible_partners,
    load_partners,
    partners_for_place,
)

from .conftest import make_input


def test_demo_partners_are_named_as_demonstrations(partners: tuple[PartnerService, ...]) -> None:
    assert partners
    for partner in partners:
        assert partner.demonstration and "(demonstration)" in partner.name


def test_demo_partners_cover_every_country(partners: tuple[PartnerService, ...]) -> None:
    covered = {c for p in partners for c in p.countries}
    assert covered == set(Country) - {Country.OTHER}
    for region in (Region.FEDERATION_BIH, Region.REPUBLIKA_SRPSKA, Region.BRCKO):
        inp = make_input(Country.BOSNIA_AND_HERZEGOVINA, region)
        assert eligible_partners(inp, partners)


def _write(tmp_path: Path, partners: list[dict[str, Any]]) -> Path:
    path = tmp_path / "partners.yaml"
    path.write_text(yaml.safe_dump({"partners": partners}), encoding="utf-8")
    return path


def test_a_real_partner_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "id": "ngo-one",
                "name": "NGO One",
                "countries": ["rs"],
                "categories": ["image_abuse"],
                "ages": ["adult"],
                "alert_chat_id": -1001234,
            }
        ],
    )
    (partner,) = load_partners(path)
    assert partner.alert_chat_id == -1001234 and not partner.demonstration
    assert partner.accepts(make_input(Country.SERBIA, categories={Category.IMAGE_ABUSE}))
    assert not partner.accepts(make_input(Country.SERBIA, categories={Category.HATE}))
    assert not partner.accepts(
        make_input(Country.SERBIA, categories={Category.IMAGE_ABUSE}, age=AgeGroup.MINOR)
    )
    # Unknown age or no categories never exclude a partner.
    assert partner.accepts(make_input(Country.SERBIA, age=AgeGroup.UNKNOWN))
    assert not partner.accepts(make_input(Country.ALBANIA))


@pytest.mark.parametrize(
    "bad",
    [
        [{"id": "x", "name": "Demo", "countries": ["al"], "demonstration": True}],
        [{"id": "x", "name": "X", "countries": ["al"], "regions": ["gb_wls"]}],
        [{"id": "x", "name": "X", "countries": []}],
        [{"id": "x", "name": "X", "countries": ["al"], "colour": "red"}],
        [{"id": "x", "name": "X", "countries": ["al"], "alert_chat_id": "123"}],
        [
            {"id": "x", "name": "X", "countries": ["al"]},
            {"id": "x", "name": "Y", "countries": ["al"]},
        ],
    ],
)
def test_invalid_partner_files_are_rejected(tmp_path: Path, bad: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError):
        load_partners(_write(tmp_path, bad))


def test_an_unknown_role_is_rejected(tmp_path: Path) -> None:
    odd = {"id": "x", "name": "X", "countries": ["al"], "role": "?"}
    with pytest.raises(ValueError, match="role"):
        load_partners(_write(tmp_path, [odd]))
    (partner,) = load_partners(_write(tmp_path, [{"id": "x", "name": "X", "countries": ["al"]}]))
    assert partner.role == "support_service"  # a file without roles still loads


# --- Minors and the right partner ---------------------------------------------------


def _ranked(partners: tuple[PartnerService, ...], **kw: Any) -> tuple[str, ...]:
    return eligible_partners(make_input(**kw), partners)


@pytest.mark.parametrize("category", [Category.SEXTORTION, Category.IMAGE_ABUSE])
def test_a_uk_minor_goes_to_the_young_peoples_service_first(
    partners: tuple[PartnerService, ...], category: Category
) -> None:
    ranked = _ranked(
        partners, country=Country.UNITED_KINGDOM, age=AgeGroup.MINOR, categories={category}
    )
    assert ranked == ("demo-gb-minors", "demo-gb")


def test_an_adult_or_unknown_age_does_not_land_at_the_young_peoples_service(
    partners: tuple[PartnerService, ...],
) -> None:
    adult = _ranked(partners, country=Country.UNITED_KINGDOM, categories={Category.SEXTORTION})
    assert adult == ("demo-gb",)
    unknown = _ranked(
        partners,
        country=Country.UNITED_KINGDOM,
        age=AgeGroup.UNKNOWN,
        categories={Category.SEXTORTION},
    )
    assert unknown == ("demo-gb", "demo-gb-minors")  # both fit; the general one first
    harassment = _ranked(
        partners, country=Country.UNITED_KINGDOM, age=AgeGroup.MINOR, categories={Category.HATE}
    )
    assert harassment == ("demo-gb",)  # the young people's service takes image cases only


def test_a_minor_goes_to_a_young_peoples_service_wherever_one_is_configured(
    tmp_path: Path,
) -> None:
    """Not only in the UK: any partner for minors comes first for a minor, then her region."""
    path = _write(
        tmp_path,
        [
            {"id": "rs-all", "name": "All", "countries": ["rs"], "role": "violence_support"},
            {
                "id": "rs-young",
                "name": "Young",
                "countries": ["rs"],
                "ages": ["minor"],
                "role": "young_people",
            },
            {"id": "ba-all", "name": "BiH", "countries": ["ba"]},
            {"id": "ba-rs", "name": "RS", "countries": ["ba"], "regions": ["ba_rs"]},
        ],
    )
    partners = load_partners(path)
    assert _ranked(partners, country=Country.SERBIA, age=AgeGroup.MINOR) == ("rs-young", "rs-all")
    assert _ranked(partners, country=Country.SERBIA) == ("rs-all",)
    assert _ranked(
        partners, country=Country.BOSNIA_AND_HERZEGOVINA, region=Region.REPUBLIKA_SRPSKA
    ) == ("ba-rs", "ba-all")


def test_every_fitting_partner_comes_with_its_line(
    directory: Any, partners: tuple[PartnerService, ...]
) -> None:
    from bot.routing.rules import route

    decision = route(
        make_input(
            country=Country.UNITED_KINGDOM, age=AgeGroup.MINOR, categories={Category.SEXTORTION}
        ),
        directory=directory,
        partners=partners,
    )
    assert decision.partners == ("demo-gb-minors", "demo-gb")
    assert [o.partner_id for o in decision.partner_options] == list(decision.partners)
    assert [o.line for o in decision.partner_options] == [
        PARTNER_LINES["young_people"],
        PARTNER_LINES["online_abuse"],
    ]
    bih = route(
        make_input(country=Country.BOSNIA_AND_HERZEGOVINA),
        directory=directory,
        partners=partners,
    )
    assert {o.partner_id for o in bih.partner_options} == {"demo-ba-fbih", "demo-ba-rs"}
    assert all(o.line == PARTNER_LINES["violence_support"] for o in bih.partner_options)


# --- Before she writes: can anyone receive a report from here? ----------------------


def test_partners_for_place(partners: tuple[PartnerService, ...]) -> None:
    assert partners_for_place(Country.OTHER, None, partners) == ()
    for country in Country:
        if country is not Country.OTHER:
            assert partners_for_place(country, None, partners), country
    assert partners_for_place(Country.BOSNIA_AND_HERZEGOVINA, Region.BRCKO, partners) == (
        "demo-ba-fbih",
    )
    assert partners_for_place(Country.SERBIA, None, ()) == ()  # a deployment with none
    minor = partners_for_place(Country.UNITED_KINGDOM, None, partners, age=AgeGroup.MINOR)
    assert minor == ("demo-gb-minors", "demo-gb")
