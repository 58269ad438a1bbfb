"""Partner services: organisations with caseworker accounts that receive routed cases.

Which services are partners is deployment configuration, not directory data:
a deployment points a setting at its own YAML file; the sandbox uses
`partners.demo.yaml`, whose partners are all named "(demonstration)".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Country,
    Region,
    RoutingInput,
)
from bot.routing.directory.schema import Slug


class PartnerService(BaseModel):
    """One partner. Empty `regions`, `categories` or `ages` means all of them."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Slug
    name: str = Field(min_length=1)
    countries: tuple[Country, ...] = Field(min_length=1)
    regions: tuple[Region, ...] = ()
    categories: tuple[Category, ...] = ()
    ages: tuple[AgeGroup, ...] = ()
    alert_chat_id: int | None = None  # Telegram chat alerted on new cases, if any
    demonstration: bool = False

    @model_validator(mode="after")
    def _check(self) -> PartnerService:
        allowed = {r for c in self.countries for r in REGIONS_BY_COUNTRY.get(c, ())}
        stray = set(self.regions) - allowed
        if stray:
            raise ValueError(f"{self.id}: regions {sorted(stray)} not in its countries")
        if self.demonstration and "(demonstration)" not in self.name:
            raise ValueError(f"{self.id}: a demonstration partner must say so in its name")
        return self

    def accepts(self, inp: RoutingInput) -> bool:
        """Whether this partner may receive the case.

        An unknown region or age never excludes a partner: the caseworker can
        pass the case on, whereas a case sent nowhere helps no one.
        """
        if inp.country not in self.countries:
            return False
        if self.regions and inp.region is not None and inp.region not in self.regions:
            return False
        if self.categories and inp.categories and not (inp.categories & set(self.categories)):
            return False
        return not (self.ages and inp.age is not AgeGroup.UNKNOWN and inp.age not in self.ages)


class _PartnersFile(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    partners: tuple[PartnerService, ...] = ()


def demo_partners_path() -> Path:
    return Path(__file__).resolve().parent / "partners.demo.yaml"


def load_partners(path: Path) -> tuple[PartnerService, ...]:
    """Read and validate a partners file (the path is a deployment setting)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    partners = _PartnersFile.model_validate_json(json.dumps(raw)).partners
    ids = [p.id for p in partners]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate partner ids")
    return partners


def eligible_partners(inp: RoutingInput, partners: Sequence[PartnerService]) -> tuple[str, ...]:
    """Ids of partners that may receive the case, those serving her region first."""
    accepted = [p for p in partners if p.accepts(inp)]
    regional = [p for p in accepted if inp.region is not None and inp.region in p.regions]
    rest = [p for p in accepted if p not in regional]
    return tuple(p.id for p in [*regional, *rest])
