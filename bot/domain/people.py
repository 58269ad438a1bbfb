"""Structured answers about the survivor and the person abusing her."""

from __future__ import annotations

import enum


class AgeGroup(str, enum.Enum):
    MINOR = "minor"
    ADULT = "adult"
    UNKNOWN = "unknown"


class Relationship(str, enum.Enum):
    """Who is doing this, as the survivor answered."""

    PARTNER_OR_EX = "partner_or_ex"
    FAMILY = "family"
    KNOWN = "known"
    UNKNOWN = "unknown"
