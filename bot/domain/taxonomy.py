"""The TFGBV taxonomy from DESIGN.md: categories (multi-label) and severity."""

from __future__ import annotations

import enum


class Category(str, enum.Enum):
    """What kind of abuse a text or case describes (several may apply)."""

    HARASSMENT = "harassment"
    SEXUAL_HARASSMENT = "sexual_harassment"
    THREAT = "threat"
    IMAGE_ABUSE = "image_abuse"
    SEXTORTION = "sextortion"
    DOXXING = "doxxing"
    STALKING = "stalking"
    IMPERSONATION = "impersonation"
    HATE = "hate"
    SELF_HARM = "self_harm"


class Severity(str, enum.Enum):
    """One severity per text and per case; ordered from none to critical."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    @classmethod
    def highest(cls, *severities: Severity) -> Severity:
        """The most severe of the given grades (NONE when none are given)."""
        return max(severities, key=lambda s: s.rank, default=cls.NONE)


_RANK = {
    Severity.NONE: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}

SEVERITIES_IN_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: s.rank))
