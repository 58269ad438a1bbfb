"""Plain domain types shared by flows, routing, storage and classifiers.

Nothing in this package imports any other part of the project, nor any
Telegram library: it is the vocabulary every layer agrees on.
"""

from bot.domain.assessment import Assessment, RuleHit
from bot.domain.people import AgeGroup, Relationship
from bot.domain.places import COUNTRY_NAMES, REGIONS, REGIONS_BY_COUNTRY, Country, Region
from bot.domain.services import (
    Confidence,
    ContactChannel,
    CrisisLines,
    PartnerOption,
    RoutingDecision,
    RoutingInput,
    Service,
    ServiceMatch,
    ServiceType,
)
from bot.domain.taxonomy import Category, Severity

__all__ = [
    "COUNTRY_NAMES",
    "REGIONS",
    "REGIONS_BY_COUNTRY",
    "AgeGroup",
    "Assessment",
    "Category",
    "Confidence",
    "ContactChannel",
    "Country",
    "CrisisLines",
    "PartnerOption",
    "Region",
    "Relationship",
    "RoutingDecision",
    "RoutingInput",
    "RuleHit",
    "Service",
    "ServiceMatch",
    "ServiceType",
    "Severity",
]
