"""Services directory entries and the routing contract."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.domain.people import AgeGroup, Relationship
from bot.domain.places import Country, Region
from bot.domain.taxonomy import Category, Severity


class ServiceType(str, enum.Enum):
    EMERGENCY = "emergency"
    POLICE = "police"
    CYBERCRIME_UNIT = "cybercrime_unit"
    NATIONAL_HELPLINE = "national_helpline"
    CHILD_HELPLINE = "child_helpline"
    NGO = "ngo"
    ONLINE_TOOL = "online_tool"
    PLATFORM_CHANNEL = "platform_channel"
    CRISIS_LINE = "crisis_line"


class Confidence(str, enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class ContactChannel:
    """One way to reach a service: a phone number, web address, email or form.

    `confidence` is set only where the checks rated this channel apart from
    its service (a number seen only in one news report, an address never seen
    on the operator's page); None means "as confident as the service".
    `emergency_number` marks a phone number that is also one of the country's
    emergency or police numbers: it is never shown as unverified.
    """

    kind: str  # "phone", "sms", "web", "email", "form", "chat", "in_person"
    value: str
    note: str = ""
    confidence: Confidence | None = None
    emergency_number: bool = False

    @property
    def verified(self) -> bool:
        return self.confidence in (None, Confidence.HIGH)


@dataclass(frozen=True)
class Service:
    """One entry of the services directory, with its source and check date."""

    id: str
    country: Country | None  # None for international services
    type: ServiceType
    name_en: str
    #: The service's own name by language code (our codes: "sq", "sr", "sr_Latn", ...);
    #: the one shown is picked by the reader's language (bot/routing/names.py).
    name_local: Mapping[str, str] = field(hash=False)
    contacts: tuple[ContactChannel, ...]
    source: str
    checked: date
    confidence: Confidence
    regions: tuple[Region, ...] = ()  # empty: the whole country
    categories: tuple[Category, ...] = ()  # empty: all cases
    ages: tuple[AgeGroup, ...] = ()  # empty: any age
    free: bool | None = None
    h24: bool | None = None
    hours: str = ""
    languages: tuple[str, ...] = ()
    description_en: str = ""
    anonymous: bool | None = None  # None: not stated by the source

    @property
    def verified(self) -> bool:
        return self.confidence is Confidence.HIGH


@dataclass(frozen=True)
class ServiceMatch:
    """A service chosen for a survivor, with a stable id of why it fits."""

    service: Service
    reason_id: str


@dataclass(frozen=True)
class RoutingInput:
    country: Country
    region: Region | None
    categories: frozenset[Category]
    severity: Severity
    age: AgeGroup
    relationship: Relationship | None
    in_danger: bool
    #: She said she is an activist, journalist or human-rights defender: services for
    #: civil society (Access Now's helpline) are shown only then.
    public_role: bool = False
    #: A friend, a parent or a teacher reports for her: for a child, the lines for
    #: adults worried about a child come next to the child lines.
    for_someone_else: bool = False


@dataclass(frozen=True)
class PartnerOption:
    """A partner that may receive her case, with a msgid saying in one line what it does."""

    partner_id: str
    line: str


@dataclass(frozen=True)
class CrisisLines:
    """The crisis lines of her place, best first; `none_known` when the directory has none.

    Asked by the crisis answer before anything else (words of self-harm or suicide).
    """

    country: Country
    region: Region | None
    lines: tuple[ServiceMatch, ...] = ()

    @property
    def none_known(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class RoutingDecision:
    """What the survivor is shown, and where her case may go.

    `emergency` comes first on screen whenever it is not empty.
    """

    emergency: tuple[ServiceMatch, ...] = ()
    signposted: tuple[ServiceMatch, ...] = ()
    partners: tuple[str, ...] = ()  # service ids able to receive the case, best fit first
    partner_options: tuple[PartnerOption, ...] = ()  # the same partners, each with its line
    guidance_topics: tuple[str, ...] = ()
    no_local_services: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
