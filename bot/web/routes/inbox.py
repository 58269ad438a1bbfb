"""The inbox: her service's cases, most severe first, then those waiting longest."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from bot.domain import Category, Severity
from bot.storage.repositories import casework as casework_repo
from bot.web.render import render
from bot.web.security import CurrentViewer, Db
from bot.web.state import portal_state

router = APIRouter()
STATUS_CHOICES = [
    ("open", "Open (new and in progress)"),
    ("new", "New"),
    ("in_progress", "In progress"),
    ("referred", "Referred"),
    ("closed", "Closed"),
    ("withdrawn", "Withdrawn"),
    ("all", "All"),
]


@router.get("/inbox")
async def inbox_page(
    request: Request,
    db: Db,
    viewer: CurrentViewer,
    status: str = "open",
    severity: str = "",
    category: str = "",
    country: str = "",
    service: str = "",
) -> Response:
    state = portal_state(request)
    services = viewer.service_ids
    if service and service in services:
        services = [service]
    valid_status = {value for value, _ in STATUS_CHOICES}
    filters = casework_repo.InboxFilter(
        status=status if status in valid_status else "open",
        severity=severity if severity in {s.value for s in Severity} else "",
        category=category if category in {c.value for c in Category} else "",
        country=country if len(country) <= 8 else "",
    )
    cases = await casework_repo.inbox(session=db, service_ids=services, filters=filters)
    ids = [c.id for c in cases]
    works = await casework_repo.works_of(session=db, case_ids=ids)
    last = await casework_repo.last_messages(session=db, case_ids=ids)
    countries = sorted({p_country for p in state.partners.values() for p_country in p.countries})
    return render(
        request,
        "inbox.html",
        viewer,
        cases=cases,
        works=works,
        answered={case_id for case_id, author in last.items() if author == "survivor"},
        filters=filters,
        service=service,
        status_choices=STATUS_CHOICES,
        severities=[s.value for s in reversed(list(Severity))],
        categories=[c.value for c in Category],
        countries=[c.value for c in countries],
        many_services=len(viewer.service_ids) > 1,
    )
