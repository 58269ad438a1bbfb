"""What a flow may ask of the world, injected so flows stay pure and testable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Country, Region, RoutingDecision, RoutingInput


class TranslatorLike(Protocol):
    language: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class RoutingPort(Protocol):
    """Routing and its survivor-facing rendering, provided by bot/routing."""

    def decide(self, inp: RoutingInput) -> RoutingDecision: ...

    def emergency_message(
        self, country: Country | None, region: Region | None, t: TranslatorLike
    ) -> str: ...

    def services_messages(self, decision: RoutingDecision, t: TranslatorLike) -> list[str]: ...

    def topic_title(self, topic_id: str, t: TranslatorLike) -> str: ...

    def topic_message(self, topic_id: str, t: TranslatorLike) -> str: ...

    def partner_name(self, partner_id: str, t: TranslatorLike) -> str: ...


@dataclass(frozen=True)
class Limits:
    max_text_chars: int = 4096
    max_narrative_chars: int = 30000
    max_narrative_parts: int = 50
    max_file_bytes: int = 20 * 1024 * 1024
    max_evidence_files: int = 20


@dataclass(frozen=True)
class FlowContext:
    translator: Callable[[str], TranslatorLike]
    routing: RoutingPort
    now: Callable[[], datetime]
    new_id: Callable[[], str]
    new_reference: Callable[[], str]
    limits: Limits = Limits()
