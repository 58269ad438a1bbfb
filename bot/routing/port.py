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
    Region,
    RoutingDecision,
    RoutingInput,
    Service,
    ServiceType,
    Severity,
)
from bot.i18n import N_, TranslatorLike
from bot.routing.cards import render_card, render_crisis, render_sos_lines
from bot.routing.directory import Directory, Tag
from bot.routing.partners import PartnerService, eligible_partners
from bot.routing.presentation import (
    _note_lines,
    _tr,
    render_emergency,
    render_guidance_topic,
    render_services_messages,
    render_topic_title,
)
from bot.routing.rules import route

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

    def emergency_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        return render_emergency(self._danger_decision(country, region), t)

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
        return render_card(self.directory.get(service_id), reason_id, t, brief=brief)

    def _local(self, country: Country, region: Region | None) -> tuple[Service, ...]:
        if country is Country.OTHER:
            return ()
        return self.directory.for_place(country, region)

    def sos_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """The SOS and women's lines of her place, shown with the emergency numbers when
        she is in danger; empty where the directory has none."""
        lines = [
            s for s in self._local(country, region) if Tag.VAW_LINE in self.directory.tags(s.id)
        ]
        return render_sos_lines(self._visible(lines), t)

    def _visible(self, services: Sequence[Service]) -> list[Service]:
        return [s for s in services if s.verified or self.show_unverified]

    def _crisis_services(self, country: Country, region: Region | None) -> list[Service]:
        candidates = [*self._local(country, region), *self.directory.international()]
        return self._visible([s for s in candidates if s.type is ServiceType.CRISIS_LINE])

    def crisis_message(self, country: Country, region: Region | None, t: TranslatorLike) -> str:
        """Her place's crisis lines, or a plain "we know of none" (the flow adds the rest)."""
        return render_crisis(self._crisis_services(country, region), t)

    def crisis_numbers(self, country: Country) -> tuple[str, ...]:
        """A country's crisis line numbers, for the list shown before she chose one."""
        numbers: list[str] = []
        for service in self._crisis_services(country, None):
            for contact in service.contacts:
                if contact.kind == "phone" and contact.value not in numbers:
                    numbers.append(contact.value)
        return tuple(numbers[:EMERGENCY_NUMBERS_LISTED])

    def partners_for_place(self, country: Country, region: Region | None) -> tuple[str, ...]:
        """Partners that could receive a report from there: asked before she writes it."""
        if country is Country.OTHER:
            return ()
        place = RoutingInput(
            country=country,
            region=region,
            categories=frozenset(),
            severity=Severity.NONE,
            age=AgeGroup.UNKNOWN,
            relationship=None,
            in_danger=False,
        )
        return eligible_partners(place, self.partners)

    def partner_fit(self, partner_id: str, inp: RoutingInput) -> tuple[int, ...]:
        """How well a partner that accepts her fits her (higher is better; compared key by
        key): a service for her age group first, then one of her region, then one for
        what happened to her. She chooses only among partners that fit equally well."""
        partner = self._partners_by_id[partner_id]
        if not partner.ages:
            age = 1
        else:
            age = 2 if inp.age in partner.ages else 0
        region = int(bool(partner.regions) and inp.region in partner.regions)
        categories = int(
            bool(partner.categories) and bool(inp.categories & set(partner.categories))
        )
        return age, region, categories

    def partner_line(self, partner_id: str, t: TranslatorLike) -> str:
        """What the partner does, in one line of her language (for choosing among several)."""
        return t.gettext(N_("A support service that can receive your report and help you."))
