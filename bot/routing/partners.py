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
    PartnerOption,
    Region,
    RoutingInput,
    Severity,
)
from bot.i18n import N_
from bot.routing.directory.schema import Slug

PARTNER_LINES: dict[str, str] = {
    "support_service": N_("A support service that can receive your report and help you."),
    "violence_support": N_("Supports women and girls facing violence, online abuse included."),
    "online_abuse": N_(
        "Specialises in online abuse: advice, and help to report it and get content removed."
    ),
    "young_people": N_("For young people under 18: support from people who work with them."),
}
"""What a partner does, in one line she reads when choosing where her report goes.

A partners file names one of these `role`s per partner; a new role is a new
msgid here, translated like every survivor-visible string.
"""


class PartnerService(BaseModel):
    """One partner. Empty `regions`, `categories` or `ages` means all of them."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Slug
    name: str = Field(min_length=1)
    countries: tuple[Country, ...] = Field(min_length=1)
    regions: tuple[Region, ...] = ()
    categories: tuple[Category, ...] = ()
    ages: tuple[AgeGroup, ...] = ()
    role: str = "support_service"  # a key of PARTNER_LINES: her one line about it
    alert_chat_id: int | None = None  # Telegram chat alerted on new cases, if any
    demonstration: bool = False

    @model_validator(mode="after")
    def _check(self) -> PartnerService:
        if self.role not in PARTNER_LINES:
            raise ValueError(f"{self.id}: role must be one of {sorted(PARTNER_LINES)}")
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


def _fit(partner: PartnerService, inp: RoutingInput) -> tuple[int, int, int]:
    """How well a partner that accepts her fits her, compared key by key.

    Age first: a service for her age group (a minor and a young people's
    service) before one for everyone, and a service for one age group after
    the others while her age is unknown (an adult must not land at a young
    people's service by default). Then a service of her region, then one for
    what happened to her.
    """
    if not partner.ages:
        age = 1
    else:
        age = 2 if inp.age in partner.ages else 0
    region = int(bool(partner.regions) and inp.region in partner.regions)
    categories = int(bool(partner.categories) and bool(inp.categories & set(partner.categories)))
    return age, region, categories


def partner_fit(partner: PartnerService, inp: RoutingInput) -> tuple[int, int, int]:
    """`_fit`, for the flow: she chooses among partners only when they fit equally well."""
    return _fit(partner, inp)


def ranked_partners(
    inp: RoutingInput, partners: Sequence[PartnerService]
) -> tuple[PartnerService, ...]:
    """Partners that may receive the case, best fit first (ties keep the file's order)."""
    accepted = [p for p in partners if p.accepts(inp)]
    return tuple(sorted(accepted, key=lambda p: _fit(p, inp), reverse=True))


def eligible_partners(inp: RoutingInput, partners: Sequence[PartnerService]) -> tuple[str, ...]:
    """Ids of partners that may receive the case, best fit first."""
    return tuple(p.id for p in ranked_partners(inp, partners))


def partner_options(
    inp: RoutingInput, partners: Sequence[PartnerService]
) -> tuple[PartnerOption, ...]:
    """The same partners, each with the msgid of its one line, for her to choose."""
    return tuple(PartnerOption(p.id, PARTNER_LINES[p.role]) for p in ranked_partners(inp, partners))


def partners_for_place(
    country: Country,
    region: Region | None,
    partners: Sequence[PartnerService],
    *,
    age: AgeGroup = AgeGroup.UNKNOWN,
) -> tuple[str, ...]:
    """Partners that could receive a report from her place, asked before she writes it.

    Empty for "somewhere else" and wherever no partner is configured: the flow
    can tell her before she writes her story that nothing can be sent from there.
    What happened to her is not known yet, so no partner is left out for it.
    """
    if country is Country.OTHER:
        return ()
    place = RoutingInput(
        country=country,
        region=region,
        categories=frozenset(),
        severity=Severity.NONE,
        age=age,
        relationship=None,
        in_danger=False,
    )
    return eligible_partners(place, partners)
