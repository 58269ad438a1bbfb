"""Partner services: deployment configuration, with clearly named demonstrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import AgeGroup, Category, Country, Region
from bot.routing.partners import (
    PartnerService,
    eligible_partners,
    load_partners,
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
