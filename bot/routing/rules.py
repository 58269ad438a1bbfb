"""Routing rules: from a survivor's answers to the services she is shown.

Pure functions over the directory and the partner list; no I/O. Each rule
adds services with a stable reason id (see reasons.py) and the first reason
a service gets is the one kept, so the order of the rules below is the order
on screen.

Two promises hold for every input (and are tested as properties):
- Safety first: in danger, `critical` or self-harm, the emergency section
  lists the country's emergency and police numbers (DESIGN principle 1).
- Classification never reduces help (principle 6): the signposted list is
  built from country, region, categories, age and relationship only.
  Severity and danger add the emergency section; they never remove or
  reorder a signposted service.

What she may see of each entry (confidence, emergency numbers) is decided in
visibility.py: a low-confidence entry is never shown; a medium one is shown
marked unless the deployment hides unverified entries.

Unknown age: a child who is not shown Take It Down or a child helpline may
go without help she needs, while an adult shown them loses nothing, because
each line says who it is for. So unknown age gets the tools for minors
first and the tools for adults after them, each with an "if you are ..."
reason. StopNCII, which is only for adults, is never shown to a known minor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Confidence,
    Country,
    CrisisLines,
    Region,
    Relationship,
    RoutingDecision,
    RoutingInput,
    Service,
    ServiceMatch,
    ServiceType,
    Severity,
)
from bot.routing.directory import Directory, Tag
from bot.routing.guidance import pick_topics
from bot.routing.partners import PartnerService, eligible_partners, partner_options
from bot.routing.visibility import carries_mark, survivor_view

IMAGE_CATEGORIES = frozenset({Category.IMAGE_ABUSE, Category.SEXTORTION})
CRIME_CATEGORIES = frozenset(
    {Category.THREAT, Category.DOXXING, Category.STALKING, Category.SEXTORTION}
)
SEXUAL_CATEGORIES = IMAGE_CATEGORIES | {Category.SEXUAL_HARASSMENT}
GENERIC_TYPES = (
    ServiceType.NATIONAL_HELPLINE,
    ServiceType.NGO,
    ServiceType.ONLINE_TOOL,
    ServiceType.PLATFORM_CHANNEL,
)


def needs_emergency(inp: RoutingInput) -> bool:
    """Danger now, a critical case, or her own risk: emergency numbers come first."""
    return (
        inp.in_danger or inp.severity is Severity.CRITICAL or Category.SELF_HARM in inp.categories
    )


def fits_age(service: Service, age: AgeGroup) -> bool:
    """A service for minors or adults only is left out only when her age is known."""
    return not service.ages or age is AgeGroup.UNKNOWN or age in service.ages


def fits_categories(service: Service, categories: frozenset[Category]) -> bool:
    return not service.categories or bool(categories & set(service.categories))


class _Picks:
    """Ordered, de-duplicated matches: the first reason given to a service is kept."""

    def __init__(self, age: AgeGroup) -> None:
        self._age = age
        self._matches: dict[str, ServiceMatch] = {}

    def add(self, services: Iterable[Service], reason_id: str) -> None:
        for service in services:
            if service.id not in self._matches and fits_age(service, self._age):
                self._matches[service.id] = ServiceMatch(service, reason_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._matches.values())

    def matches(self) -> tuple[ServiceMatch, ...]:
        return tuple(self._matches.values())


def _tagged(services: Iterable[Service], directory: Directory, tag: Tag) -> list[Service]:
    return [s for s in services if tag in directory.tags(s.id)]


def _of_type(services: Iterable[Service], *types: ServiceType) -> list[Service]:
    return [s for s in services if s.type in types]


def _emergency(
    inp: RoutingInput, directory: Directory, local: Sequence[Service]
) -> tuple[ServiceMatch, ...]:
    if not needs_emergency(inp):
        return ()
    picks = _Picks(AgeGroup.UNKNOWN)  # emergency numbers are for everyone
    ambulance = _tagged(local, directory, Tag.AMBULANCE)
    general = [s for s in _of_type(local, ServiceType.EMERGENCY) if s not in ambulance]
    police = [
        s
        for s in _of_type(local, ServiceType.POLICE)
        if Tag.NON_EMERGENCY not in directory.tags(s.id)
    ]
    picks.add(general, "emergency_number")
    if Category.SELF_HARM in inp.categories:
        picks.add(ambulance, "ambulance")
        picks.add(police, "police_emergency")
        crisis = _of_type([*local, *directory.international()], ServiceType.CRISIS_LINE)
        picks.add(crisis, "crisis_line_self_harm")
    else:
        picks.add(police, "police_emergency")
        picks.add(ambulance, "ambulance")
    return picks.matches()


def _vaw_lines(picks: _Picks, local: Sequence[Service], directory: Directory, reason: str) -> None:
    lines = _tagged(local, directory, Tag.VAW_LINE)
    if lines:
        picks.add(lines, reason)
    else:  # e.g. Brčko District: no SOS line of its own, the police instead
        picks.add(_of_type(local, ServiceType.POLICE), "police_where_no_sos_line")


def _image_tools(
    picks: _Picks, inp: RoutingInput, local: Sequence[Service], directory: Directory
) -> None:
    """Hashing tools, image helplines and platform channels, minors' tools first."""
    world = directory.international()
    take_it_down = _tagged(world, directory, Tag.CHILD_IMAGES)
    ncii = _tagged(world, directory, Tag.NCII)
    stopncii = [s for s in ncii if s.type is ServiceType.ONLINE_TOOL]
    helplines = [s for s in ncii if s not in stopncii]
    report_remove = _tagged(local, directory, Tag.CHILD_IMAGES)
    ceop = _tagged(local, directory, Tag.CHILD_EXPLOITATION)
    hotlines = _tagged(local, directory, Tag.ILLEGAL_CONTENT_REPORT)
    in_uk = inp.country is Country.UNITED_KINGDOM
    rph_reason = "rph_uk" if in_uk else "rph_outside_uk"
    concerned = _tagged(local, directory, Tag.CONCERNED_ADULTS)
    if inp.age is AgeGroup.MINOR:
        picks.add(take_it_down, "take_it_down_minor")
        picks.add(report_remove, "report_remove_minor")
        picks.add(ceop, "ceop_minor")
        picks.add(hotlines, "illegal_content_report")
        picks.add(concerned, "concerned_adult_helpline")
    elif inp.age is AgeGroup.UNKNOWN:
        picks.add(take_it_down, "take_it_down_if_taken_under_18")
        picks.add(report_remove, "report_remove_if_under_18")
        picks.add(ceop, "ceop_if_under_18")
        picks.add(hotlines, "illegal_content_report")
        picks.add(concerned, "concerned_adult_helpline")
        picks.add(stopncii, "stopncii_if_adult")
        picks.add(helplines, rph_reason)
    else:
        picks.add(stopncii, "stopncii_adult")
        picks.add(helplines, rph_reason)
        picks.add(take_it_down, "take_it_down_if_taken_under_18")
    picks.add(_of_type(world, ServiceType.PLATFORM_CHANNEL), "platform_ncii")


def signposted_services(
    inp: RoutingInput, directory: Directory, local: Sequence[Service]
) -> tuple[ServiceMatch, ...]:
    """The services she is shown, in order. Never depends on severity or danger."""
    cats = inp.categories
    picks = _Picks(inp.age)
    outside = inp.country is Country.OTHER

    child_lines = _of_type(local, ServiceType.CHILD_HELPLINE)
    if inp.age is AgeGroup.MINOR and inp.for_someone_else:
        # A parent or a teacher reports for a child: her country's child-protection
        # lines first, then the line for adults worried about a child.
        picks.add(child_lines, "child_helpline_minor_for_helper")
        picks.add(_tagged(local, directory, Tag.CONCERNED_ADULTS), "concerned_adult_helpline")
    if inp.relationship is Relationship.PARTNER_OR_EX and not outside:
        _vaw_lines(picks, local, directory, "vaw_line_partner_or_ex")
    dv_police = _tagged(local, directory, Tag.DOMESTIC_VIOLENCE_REPORT)
    if inp.relationship in (Relationship.PARTNER_OR_EX, Relationship.FAMILY):
        picks.add(dv_police, "domestic_violence_police_line")
    if inp.age is AgeGroup.MINOR:
        picks.add(child_lines, "child_helpline_minor")
    elif inp.age is AgeGroup.UNKNOWN:
        picks.add(child_lines, "child_helpline_if_under_18")
    if cats & IMAGE_CATEGORIES:
        _image_tools(picks, inp, local, directory)
    if cats & SEXUAL_CATEGORIES:
        picks.add(_tagged(local, directory, Tag.SEXUAL_VIOLENCE), "sexual_violence_support")
    if cats & CRIME_CATEGORIES:
        units = _of_type(local, ServiceType.CYBERCRIME_UNIT)
        picks.add([s for s in units if fits_categories(s, cats)], "cybercrime_unit")
        police = [s for s in _of_type(local, ServiceType.POLICE) if s not in dv_police]
        picks.add(police, "police_report")
    if Category.STALKING in cats:
        picks.add(_tagged(local, directory, Tag.STALKING), "stalking_helpline")
    if Category.HATE in cats:
        picks.add(_tagged(local, directory, Tag.LGBTQ), "lgbtq_hate")
    harmful = _tagged(local, directory, Tag.HARMFUL_CONTENT)
    picks.add([s for s in harmful if fits_categories(s, cats)], "harmful_content")
    if not outside:
        _vaw_lines(picks, local, directory, "vaw_line")
    picks.add(_tagged(local, directory, Tag.LEGAL_AID), "legal_aid")
    # Entries an administrator adds without a routing tag still reach the cases they take.
    untagged = [
        s
        for s in _of_type(local, *GENERIC_TYPES)
        if not directory.tags(s.id) and fits_categories(s, cats)
    ]
    picks.add(untagged, "related_service")
    # Services for civil society (vetted by them) only where she says she is an
    # activist, journalist or human-rights defender.
    security = _tagged(directory.international(), directory, Tag.DIGITAL_SECURITY)
    if inp.public_role:
        picks.add([s for s in security if fits_categories(s, cats)], "digital_security")
    if outside:
        # Nothing local: the international services that fit what happened to her (the
        # image tools came above, and only for image abuse or sextortion).
        world = [
            s for s in directory.international() if s not in security and fits_categories(s, cats)
        ]
        picks.add(world, "related_service")
    return picks.matches()


def _notes(
    inp: RoutingInput,
    local: Sequence[Service],
    emergency: Sequence[ServiceMatch],
    shown: Sequence[ServiceMatch],
    hidden_unverified: bool,
) -> tuple[str, ...]:
    """Notes for her (reasons.NOTES) and for caseworkers (reasons.ADMIN_NOTES)."""
    notes: list[str] = []
    if inp.country is Country.OTHER:
        notes.append("no_local_services")
        if needs_emergency(inp):
            notes.append("no_local_emergency_number")
    if inp.country is Country.BOSNIA_AND_HERZEGOVINA:
        notes.append("ba_no_112")
    if inp.country is Country.SERBIA:
        notes.append("rs_112_not_confirmed")
    if inp.region is Region.BRCKO:
        notes.append("ba_brcko_no_sos_line")
    if inp.region is None and REGIONS_BY_COUNTRY.get(inp.country):
        notes.append("region_unknown")
    if inp.age is AgeGroup.MINOR and inp.country is not Country.OTHER:
        if not _of_type(local, ServiceType.CHILD_HELPLINE):
            notes.append("no_child_helpline_listed")
    if Category.SELF_HARM in inp.categories and not any(
        m.service.type is ServiceType.CRISIS_LINE for m in emergency
    ):
        notes.append("no_crisis_line_listed")
    if any(carries_mark(m.service) for m in [*emergency, *shown]):
        notes.append("unverified_shown")
    if hidden_unverified:
        notes.append("unverified_hidden")
    return tuple(notes)


def _for_survivor(
    matches: Sequence[ServiceMatch], show_unverified: bool
) -> tuple[tuple[ServiceMatch, ...], bool]:
    """The matches as she may see them, and whether the setting hid a medium one."""
    kept: list[ServiceMatch] = []
    hidden = False
    for match in matches:
        view = survivor_view(match.service, show_unverified=show_unverified)
        hidden = hidden or view != survivor_view(match.service, show_unverified=True)
        if view is not None:
            kept.append(match if view is match.service else ServiceMatch(view, match.reason_id))
    return tuple(kept), hidden


def route(
    inp: RoutingInput,
    *,
    directory: Directory,
    partners: Sequence[PartnerService],
    show_unverified: bool = True,
) -> RoutingDecision:
    """Decide what the survivor sees and which partners may receive her case.

    `show_unverified` (a deployment setting) decides whether signposted
    entries of medium confidence are shown, marked "(not yet verified)".
    The default is to show them: in several places the only SOS line is
    medium confidence, and hiding it would take help away from her (DESIGN
    principle 6). Low-confidence entries are never shown to her.
    Emergency numbers are shown whatever the setting, and never marked: in
    Albania, Bosnia and Herzegovina, North Macedonia and Serbia some
    emergency numbers are still medium confidence, and a survivor in danger
    must never see no number, nor doubt beside it.
    """
    if inp.country is Country.OTHER:
        if inp.region is not None:
            raise ValueError("a region needs one of the seven countries")
        local: tuple[Service, ...] = ()
    else:
        local = directory.for_place(inp.country, inp.region)
    emergency, _ = _for_survivor(_emergency(inp, directory, local), show_unverified)
    signposted, hidden = _for_survivor(signposted_services(inp, directory, local), show_unverified)
    return RoutingDecision(
        emergency=emergency,
        signposted=signposted,
        partners=eligible_partners(inp, partners),
        partner_options=partner_options(inp, partners),
        guidance_topics=pick_topics(inp),
        no_local_services=inp.country is Country.OTHER,
        notes=_notes(inp, local, emergency, signposted, hidden),
    )


def crisis_lines(
    country: Country,
    region: Region | None,
    *,
    directory: Directory,
    show_unverified: bool = True,
) -> CrisisLines:
    """The crisis lines she can call from her place, verified ones first.

    For the crisis answer (words of self-harm or suicide), before anything
    else. Empty, `none_known`, where the directory knows of none (the flow
    then says so plainly and gives the emergency number). Low-confidence
    lines are never given; medium ones are, marked, as everywhere.
    """
    local = () if country is Country.OTHER else directory.for_place(country, region)
    candidates = _of_type([*local, *directory.international()], ServiceType.CRISIS_LINE)
    matches, _ = _for_survivor(
        [ServiceMatch(s, "crisis_line_self_harm") for s in candidates], show_unverified
    )
    ordered = sorted(matches, key=lambda m: m.service.confidence is not Confidence.HIGH)
    return CrisisLines(country=country, region=region, lines=tuple(ordered))
