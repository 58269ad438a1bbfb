"""The schema every directory file must satisfy, checked when it is loaded.

Strict pydantic models (extra fields forbidden, no type coercion) so that a
typo in a data file fails loudly at start instead of silently dropping a
phone number. Files are validated in JSON mode: enums and dates are written
as strings, and phone numbers must be quoted (an unquoted `1265` is an error).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Confidence,
    Country,
    Region,
    ServiceType,
)
from bot.i18n import LANGUAGES

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

INTERNATIONAL = "int"
"""Scope of the international file, and the id prefix of its entries."""

#: A file's scope: one of the countries (`bot.domain.Country`), or the international one.
SCOPES = frozenset({c.value for c in Country if c is not Country.OTHER} | {INTERNATIONAL})

#: Languages a service serves: our language codes, or "interpreters".
SERVED_LANGUAGES = frozenset(LANGUAGES) | {"interpreters"}


class Tag(str, enum.Enum):
    """Roles the routing rules look for, beyond the service type."""

    VAW_LINE = "vaw_line"  # national violence-against-women / domestic-abuse line
    NON_EMERGENCY = "non_emergency"  # a police number not for emergencies (UK 101)
    AMBULANCE = "ambulance"
    STALKING = "stalking"
    LGBTQ = "lgbtq"
    SEXUAL_VIOLENCE = "sexual_violence"
    LEGAL_AID = "legal_aid"
    ILLEGAL_CONTENT_REPORT = "illegal_content_report"  # CSAM / illegal images hotline
    NCII = "ncii"  # non-consensual intimate images (adult)
    CHILD_IMAGES = "child_images"  # nude images of under-18s
    CHILD_EXPLOITATION = "child_exploitation"  # grooming, sextortion of children
    HARMFUL_CONTENT = "harmful_content"  # reporting / mediation with platforms
    DIGITAL_SECURITY = "digital_security"  # for civil society: only with `public_role`
    CONCERNED_ADULTS = "concerned_adults"  # for a parent or adult worried about a child
    DOMESTIC_VIOLENCE_REPORT = "domestic_violence_report"  # a police line for domestic violence


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ContactModel(_Strict):
    kind: Literal["phone", "sms", "web", "email", "form", "chat", "in_person"]
    value: Text
    note: str = ""
    # Only where the checks rated this channel apart from its service (None: as the service).
    # A low one is never shown to a survivor; a medium one is shown marked.
    confidence: Confidence | None = None


class EntryModel(_Strict):
    """One service. `research_note` keeps the researcher's caveats for administrators."""

    id: Slug
    type: ServiceType
    name_en: Text
    name_local: dict[str, Text] = Field(default_factory=dict)
    contacts: list[ContactModel] = Field(min_length=1)
    hours: str | None = None  # None: not stated; survivor-visible, translated as data
    free: bool | None = None
    h24: bool | None = None
    anonymous: bool | None = None
    languages: list[str] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)  # empty: all cases
    ages: list[AgeGroup] = Field(default_factory=list)  # empty: any age
    regions: list[Region] = Field(default_factory=list)  # empty: the whole country
    tags: list[Tag] = Field(default_factory=list)
    description_en: str = ""  # survivor-visible, one line
    source: Text
    checked: date
    checked_precision: Literal["day", "month", "year"] = "day"
    confidence: Confidence
    research_note: str = ""
    # What the second check (services-verification.yaml) found: verdict and note, for admins.
    verification_note: str = ""

    @property
    def needs_verification(self) -> bool:
        """Below high confidence, an administrator must confirm it before trusting it."""
        return self.confidence is not Confidence.HIGH

    @model_validator(mode="after")
    def _check(self) -> EntryModel:
        bad = [code for code in self.name_local if code not in LANGUAGES or code == "en"]
        if bad:
            raise ValueError(f"{self.id}: name_local keys must be non-English languages: {bad}")
        unknown = [code for code in self.languages if code not in SERVED_LANGUAGES]
        if unknown:
            raise ValueError(f"{self.id}: unknown languages {unknown}")
        if AgeGroup.UNKNOWN in self.ages:
            raise ValueError(f"{self.id}: ages lists who a service is for: minor or adult")
        emergency = self.type in (ServiceType.EMERGENCY, ServiceType.POLICE)
        if emergency and self.confidence is Confidence.LOW:
            # Low entries are hidden from survivors; an emergency number must never be.
            raise ValueError(f"{self.id}: an emergency or police number cannot be low confidence")
        return self


class GapModel(_Strict):
    """Something the research looked for and did not find, shown to administrators."""

    id: Slug
    text: Text
    source: str = ""
    confidence: Confidence = Confidence.LOW
    regions: list[Region] = Field(default_factory=list)


class DirectoryFileModel(_Strict):
    """One data file: a country's services, or the international ones."""

    scope: str
    compiled: date
    services: list[EntryModel] = Field(min_length=1)
    gaps: list[GapModel] = Field(default_factory=list)

    @field_validator("scope")
    @classmethod
    def _known_scope(cls, scope: str) -> str:
        if scope not in SCOPES:
            raise ValueError(f"scope {scope!r} is none of {sorted(SCOPES)}")
        return scope

    @property
    def country(self) -> Country | None:
        return None if self.scope == INTERNATIONAL else Country(self.scope)

    @model_validator(mode="after")
    def _check(self) -> DirectoryFileModel:
        allowed = set(REGIONS_BY_COUNTRY.get(self.country, ())) if self.country else set()
        items: list[EntryModel | GapModel] = [*self.services, *self.gaps]
        for item in items:
            if not item.id.startswith(f"{self.scope}-"):
                raise ValueError(f"{item.id}: ids in this file start with '{self.scope}-'")
            stray = set(item.regions) - allowed
            if stray:
                raise ValueError(f"{item.id}: regions {sorted(stray)} are not in {self.scope}")
        ids = [s.id for s in self.services] + [g.id for g in self.gaps]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.scope}: duplicate ids")
        if self.country is not None and not any(
            s.type in (ServiceType.EMERGENCY, ServiceType.POLICE) for s in self.services
        ):
            raise ValueError(f"{self.scope}: every country needs an emergency or police number")
        return self
