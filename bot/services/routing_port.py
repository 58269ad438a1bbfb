"""The routing port the flows use, backed by the services directory and partners."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.domain import (
    AgeGroup,
    Country,
    CrisisLines,
    Region,
    RoutingDecision,
    RoutingInput,
    Severity,
)
from bot.flows.context import TranslatorLike
from bot.i18n import N_, Translator
from bot.routing.directory import Directory, load_directory
from bot.routing.guidance import TOPICS
from bot.routing.partners import (
    PARTNER_LINES,
    PartnerService,
    demo_partners_path,
    load_partners,
    partners_for_place,
)
from bot.routing.presentation import (
    render_crisis_lines,
    render_emergency,
    render_guidance_topic,
    render_services_messages,
    service_name,
)
from bot.routing.rules import crisis_lines, route
from bot.settings import Environment, Settings

COUNTRY_NAMES = {
    Country.ALBANIA: N_("Albania"),
    Country.BOSNIA_AND_HERZEGOVINA: N_("Bosnia and Herzegovina"),
    Country.KOSOVO: N_("Kosovo"),
    Country.MONTENEGRO: N_("Montenegro"),
    Country.NORTH_MACEDONIA: N_("North Macedonia"),
    Country.SERBIA: N_("Serbia"),
    Country.UNITED_KINGDOM: N_("United Kingdom"),
}


class DirectoryRouting:
    """Implements `bot.flows.context.RoutingPort`."""

    def __init__(
        self,
        *,
        directory: Directory,
        partners: Sequence[PartnerService],
        show_unverified: bool = True,
    ) -> None:
        self.directory = directory
        self.partners = tuple(partners)
        self.show_unverified = show_unverified
        self._partners_by_id = {p.id: p for p in self.partners}

    @classmethod
    def from_settings(cls, settings: Settings) -> DirectoryRouting:
        """Partners come from the deployment's file; the sandbox uses demonstration ones."""
        path: Path | None = settings.partners_file
        if path is None and settings.environment is not Environment.PRODUCTION:
            path = demo_partners_path()
        partners = load_partners(path) if path is not None else ()
        return cls(
            directory=load_directory(),
            partners=partners,
            show_unverified=settings.show_unverified_services,
        )

    def decide(self, inp: RoutingInput) -> RoutingDecision:
        return route(
            inp,
            directory=self.directory,
            partners=self.partners,
            show_unverified=self.show_unverified,
        )

    def _danger_decision(self, country: Country, region: Region | None) -> RoutingDecision:
        return self.decide(
            RoutingInput(
                country=country,
                region=region,
                categories=frozenset(),
                severity=Severity.CRITICAL,
                age=AgeGroup.UNKNOWN,
                relationship=None,
                in_danger=True,
            )
        )

    def emergency_message(
        self, country: Country | None, region: Region | None, t: TranslatorLike
    ) -> str:
        tr = _as_translator(t)
        if country is not None and country is not Country.OTHER:
            return render_emergency(self._danger_decision(country, region), tr)
        # Country not known yet: every country's numbers, one line each.
        lines = ["<b>{}</b>".format(t.gettext("If you are in danger now, call:"))]
        for each, name in COUNTRY_NAMES.items():
            decision = self._danger_decision(each, None)
            numbers: list[str] = []
            for match in decision.emergency[:2]:
                for contact in match.service.contacts:
                    if contact.kind == "phone" and contact.value not in numbers:
                        numbers.append(contact.value)
            lines.append("{}: <b>{}</b>".format(t.gettext(name), ", ".join(numbers[:3])))
        return "\n".join(lines)

    def services_messages(self, decision: RoutingDecision, t: TranslatorLike) -> list[str]:
        return render_services_messages(decision, _as_translator(t))

    def topic_title(self, topic_id: str, t: TranslatorLike) -> str:
        return t.gettext(TOPICS[topic_id].title)

    def topic_message(self, topic_id: str, t: TranslatorLike) -> str:
        return render_guidance_topic(topic_id, _as_translator(t))

    def partner_name(self, partner_id: str, t: TranslatorLike) -> str:
        partner = self._partners_by_id.get(partner_id)
        return partner.name if partner else partner_id

    def partner_line(self, partner_id: str, t: TranslatorLike) -> str:
        """What the partner does, in one line of her language (for choosing among several)."""
        partner = self._partners_by_id.get(partner_id)
        return t.gettext(PARTNER_LINES[partner.role if partner else "support_service"])

    def partners_for_place(self, country: Country, region: Region | None) -> tuple[str, ...]:
        """Partners that could receive a report from there: ask before she writes it."""
        return partners_for_place(country, region, self.partners)

    def crisis_lines(self, country: Country, region: Region | None) -> CrisisLines:
        return crisis_lines(
            country, region, directory=self.directory, show_unverified=self.show_unverified
        )

    def crisis_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """Her place's crisis lines, or a plain "we know of none" (the flow adds the rest)."""
        return render_crisis_lines(self.crisis_lines(country, region), _as_translator(t))

    def service_label(self, service_id: str, t: TranslatorLike) -> str:
        return service_name(self.directory.get(service_id), _as_translator(t))


def _as_translator(t: TranslatorLike) -> Translator:
    # The presentation functions only call gettext/ngettext; any TranslatorLike will do.
    return t  # type: ignore[return-value]
