"""What a flow may ask of the world, injected so flows stay pure and testable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Country, Region, RoutingDecision, RoutingInput
from bot.i18n import TranslatorLike


class RoutingPort(Protocol):
    """Routing and its rendering of the directory's data, provided by bot/routing."""

    def decide(self, inp: RoutingInput) -> RoutingDecision: ...

    def emergency_message(
        self,
        country: Country,
        region: Region | None,
        t: TranslatorLike,
        *,
        for_someone_else: bool = False,
    ) -> str:
        """The numbers to call now in her country, first on screen."""
        ...

    def emergency_numbers(self, country: Country) -> tuple[str, ...]:
        """A country's first emergency numbers (for the list shown before she chose one)."""
        ...

    def services_messages(self, decision: RoutingDecision, t: TranslatorLike) -> list[str]: ...

    def topic_title(self, topic_id: str, t: TranslatorLike) -> str: ...

    def topic_message(self, topic_id: str, t: TranslatorLike) -> str: ...

    def partner_name(self, partner_id: str, t: TranslatorLike) -> str: ...

    def partner_fit(self, partner_id: str, inp: RoutingInput) -> tuple[int, ...]:
        """How well a partner fits her (higher is better): she chooses among equals."""
        ...

    def partner_line(self, partner_id: str, t: TranslatorLike) -> str:
        """What a partner does, in one line (when she chooses among several)."""
        ...

    def partners_for_place(self, country: Country, region: Region | None) -> tuple[str, ...]:
        """Partners that could receive a report from her place (asked before her story)."""
        ...

    def services_heading(self, decision: RoutingDecision, t: TranslatorLike) -> str:
        """ "Who can help" and the notes about the list."""
        ...

    def service_card(
        self, service_id: str, reason_id: str, t: TranslatorLike, *, brief: bool = False
    ) -> str:
        """One service, short: name, contacts, facts, what it does for her."""
        ...

    def sos_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """Her place's SOS and women's lines (empty where none are known)."""
        ...

    def crisis_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """Her place's crisis lines, or a plain "we know of none"."""
        ...

    def crisis_numbers(self, country: Country) -> tuple[str, ...]:
        """A country's crisis line numbers (for the list shown before she chose one)."""
        ...


@dataclass(frozen=True)
class Limits:
    max_text_chars: int = 4096
    max_narrative_chars: int = 30000
    max_narrative_parts: int = 50
    max_file_bytes: int = 20 * 1024 * 1024
    max_evidence_files: int = 20


@dataclass(frozen=True)
class PrivacyFacts:
    """What the deployment says about itself (settings), for her to read in /privacy."""

    controller: str = ""  # the organisation responsible for her data
    contact: str = ""  # how to reach it about her data (an address, a web page)
    draft_days: int | None = None  # an unsent report left alone is deleted after this
    quiet_hours: int | None = None  # her chat clears itself after this many quiet hours


@dataclass(frozen=True)
class FlowContext:
    translator: Callable[[str], TranslatorLike]
    routing: RoutingPort
    now: Callable[[], datetime]
    new_id: Callable[[], str]
    new_reference: Callable[[], str]
    limits: Limits = Limits()
    privacy: PrivacyFacts = PrivacyFacts()
