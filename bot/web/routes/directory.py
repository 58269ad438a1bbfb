"""Administration → Services directory: each entry's confidence, and the queue to verify.

The directory is read-only data (bot/routing/directory/*.yaml, reviewed in
git); this page shows administrators what a survivor is shown of each entry
and which entries still need someone to check them: every entry below high
confidence, or with a channel below high, with its source, the date it was
checked and what the last check found. Low ones come first: survivors see
nothing of them until they are confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fastapi import APIRouter, Request, Response

from bot.domain import COUNTRY_NAMES, Confidence, Country, Service
from bot.i18n import P_
from bot.routing.directory import Directory, GapModel, lowest_confidence
from bot.routing.visibility import is_emergency_service
from bot.web.language import PortalLanguage
from bot.web.render import page_language, render
from bot.web.security import AdminViewer
from bot.web.state import NavLink

PATH = "/admin/directory"
PLACE_ORDER: tuple[Country | None, ...] = (*[c for c in Country if c is not Country.OTHER], None)


def place_name(lang: PortalLanguage, country: Country | None) -> str:
    if country is None:
        return lang.gettext(P_("International"))
    return lang.shared(COUNTRY_NAMES[country]) if country in COUNTRY_NAMES else country.value


@dataclass(frozen=True)
class EntryRow:
    service: Service
    place: str
    source: str
    research_note: str
    verification_note: str
    weak_channels: tuple[tuple[str, Confidence], ...]  # (value, confidence) below high
    survivor_sees: str

    @property
    def lowest(self) -> Confidence:
        return lowest_confidence(self.service)


def survivor_sees(lang: PortalLanguage, service: Service, *, show_unverified: bool) -> str:
    """What a survivor is shown of this entry, in an administrator's words."""
    t = lang.gettext
    if is_emergency_service(service):
        return t(P_("Shown, never marked: an emergency or police number"))
    if service.confidence is Confidence.LOW:
        return t(P_("Not shown to survivors"))
    if service.confidence is Confidence.MEDIUM:
        if not show_unverified:
            return t(P_("Not shown: unverified entries are switched off in this deployment"))
        parts = [t(P_("Shown, marked “(not yet verified)”"))]
    else:
        parts = [t(P_("Shown"))]
    medium = [c.value for c in service.contacts if c.confidence is Confidence.MEDIUM]
    low = [c.value for c in service.contacts if c.confidence is Confidence.LOW]
    if medium and service.confidence is Confidence.HIGH:
        if show_unverified:
            parts.append(
                t(P_("“(not yet verified)” beside {contacts}")).format(contacts=", ".join(medium))
            )
        else:
            low = medium + low
    if low:
        parts.append(t(P_("not shown: {contacts}")).format(contacts=", ".join(low)))
    return "; ".join(parts)


def _row(
    lang: PortalLanguage, directory: Directory, service: Service, show_unverified: bool
) -> EntryRow:
    entry = directory.entry(service.id)
    return EntryRow(
        service=service,
        place=place_name(lang, service.country),
        source=entry.source,
        research_note=entry.research_note,
        verification_note=entry.verification_note,
        weak_channels=tuple(
            (c.value, c.confidence)
            for c in service.contacts
            if c.confidence is not None and c.confidence is not Confidence.HIGH
        ),
        survivor_sees=survivor_sees(lang, service, show_unverified=show_unverified),
    )


def _by_place(lang: PortalLanguage, rows: list[EntryRow]) -> list[tuple[str, list[EntryRow]]]:
    grouped = []
    for country in PLACE_ORDER:
        of_place = [r for r in rows if r.service.country == country]
        if of_place:
            grouped.append((place_name(lang, country), of_place))
    return grouped


def _gaps(lang: PortalLanguage, directory: Directory) -> list[tuple[str, GapModel]]:
    return [(place_name(lang, c), gap) for c in PLACE_ORDER for gap in directory.gaps(c)]


class RoutingData(Protocol):
    """What the page reads of the bot's routing: its directory and its setting."""

    directory: Directory
    show_unverified: bool


def section(routing: RoutingData) -> tuple[NavLink, APIRouter]:
    """The page as an admin section (see `bot.web.app.add_admin_section`).

    It shows the directory and the unverified-entries setting the bot runs with.
    """
    directory = routing.directory
    show_unverified = routing.show_unverified
    router = APIRouter()

    @router.get(PATH)
    async def directory_page(request: Request, viewer: AdminViewer) -> Response:
        lang = page_language(request, viewer)
        rows = [_row(lang, directory, s, show_unverified) for s in directory]
        queue = [_row(lang, directory, s, show_unverified) for s in directory.needs_verification()]
        counts = {level: sum(1 for s in directory if s.confidence is level) for level in Confidence}
        return render(
            request,
            "admin_directory.html",
            viewer,
            queue=queue,
            places=_by_place(lang, rows),
            gaps=_gaps(lang, directory),
            counts=counts,
            total=len(directory),
            show_unverified=show_unverified,
        )

    return NavLink(P_("Services directory"), PATH), router
