"""The routing port the flows use (`bot.flows.context.RoutingPort`), backed by the
services directory and the deployment's partners.

It decides and renders the directory's data (services, emergency numbers, guidance
topics); the flows write every other word she reads around it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import (
    AgeGroup,
    Country,
    CrisisLines,
    Region,
    RoutingDecision,
    RoutingInput,
    Service,
    Severity,
)
from bot.i18n import N_, TranslatorLike
from bot.routing.cards import render_card, render_sos_lines
from bot.routing.directory import Directory, Tag
from bot.routing.partners import PARTNER_LINES, PartnerService, partner_fit, partners_for_place
from bot.routing.presentation import (
    DANGER_HEADING,
    HELPER_DANGER_HEADING,
    _note_lines,
    _tr,
    render_crisis_lines,
    render_emergency,
    render_guidance_topic,
    render_services_messages,
    render_topic_title,
)
from bot.routing.rules import crisis_lines, route
from bot.routing.visibility import survivor_view

EMERGENCY_SERVICES_LISTED = 2  # per country, when her country is not known yet
EMERGENCY_NUMBERS_LISTED = 3


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
        self,
        country: Country,
        region: Region | None,
        t: TranslatorLike,
        *,
        for_someone_else: bool = False,
    ) -> str:
        """The numbers to call now; worded for a helper too when someone reports for her."""
        heading = HELPER_DANGER_HEADING if for_someone_else else DANGER_HEADING
        return render_emergency(self._danger_decision(country, region), t, heading=heading)

    def emergency_numbers(self, country: Country) -> tuple[str, ...]:
        """The first emergency numbers of a country, for the list shown before she chose one."""
        numbers: list[str] = []
        for match in self._danger_decision(country, None).emergency[:EMERGENCY_SERVICES_LISTED]:
            for contact in match.service.contacts:
                if contact.kind == "phone" and contact.value not in numbers:
                    numbers.append(contact.value)
        return tuple(numbers[:EMERGENCY_NUMBERS_LISTED])

    def services_messages(self, decision: RoutingDecision, t: TranslatorLike) -> list[str]:
        return render_services_messages(decision, t)

    def topic_title(self, topic_id: str, t: TranslatorLike) -> str:
        return render_topic_title(topic_id, t)

    def topic_message(self, topic_id: str, t: TranslatorLike) -> str:
        return render_guidance_topic(topic_id, t)

    def partner_name(self, partner_id: str, t: TranslatorLike) -> str:
        partner = self._partners_by_id.get(partner_id)
        return partner.name if partner else partner_id

    def partner_fit(self, partner_id: str, inp: RoutingInput) -> tuple[int, ...]:
        """How well a partner that accepts her fits her (higher is better): she chooses
        only among partners that fit equally well."""
        return partner_fit(self._partners_by_id[partner_id], inp)

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
        return render_crisis_lines(self.crisis_lines(country, region), t)

    def crisis_numbers(self, country: Country) -> tuple[str, ...]:
        """A country's crisis line numbers, for the list shown before she chose one."""
        numbers: list[str] = []
        for match in self.crisis_lines(country, None).lines:
            for contact in match.service.contacts:
                if contact.kind == "phone" and contact.value not in numbers:
                    numbers.append(contact.value)
        return tuple(numbers[:EMERGENCY_NUMBERS_LISTED])

    # --- short renderings for her phone (bot/routing/cards.py) -------------------

    def services_heading(self, decision: RoutingDecision, t: TranslatorLike) -> str:
        """ "Who can help" and the notes about the list (first page of the services)."""
        lines = ["<b>{}</b>".format(_tr(t, N_("Who can help")))]
        lines.extend(_note_lines(decision, t, emergency=False))
        return "\n".join(lines)

    def service_card(
        self, service_id: str, reason_id: str, t: TranslatorLike, *, brief: bool = False
    ) -> str:
        """One service as a card: name, contacts, facts and what it does for her."""
        service = survivor_view(self.directory.get(service_id), show_unverified=True)
        assert service is not None  # only services the decision let her see come here
        return render_card(service, reason_id, t, brief=brief)

    def sos_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """The SOS and women's lines of her place, shown with the emergency numbers when
        she is in danger; empty where the directory has none."""
        local = () if country is Country.OTHER else self.directory.for_place(country, region)
        lines: list[Service] = []
        for service in local:
            if Tag.VAW_LINE not in self.directory.tags(service.id):
                continue
            view = survivor_view(service, show_unverified=self.show_unverified)
            if view is not None:
                lines.append(view)
        return render_sos_lines(lines, t)
