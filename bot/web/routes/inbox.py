"""The inbox: her service's cases, most severe first, then those waiting longest; and the
same list as a CSV download (no content, no identity), recorded in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response

from bot.domain import Category, Severity
from bot.i18n import P_
from bot.storage.models import REPORTED_BY_SELF, REPORTED_BY_SOMEONE_ELSE, Case
from bot.storage.repositories import casework as casework_repo
from bot.storage.types import utcnow
from bot.web.inbox_csv import inbox_csv
from bot.web.render import page_language, render
from bot.web.security import CurrentViewer, Db, Viewer
from bot.web.state import portal_state

router = APIRouter()
REPORTED_BY_VALUES = (REPORTED_BY_SELF, REPORTED_BY_SOMEONE_ELSE)
STATUS_CHOICES = [
    ("open", P_("Open (new and in progress)")),
    ("new", P_("New")),
    ("in_progress", P_("In progress")),
    ("referred", P_("Referred")),
    ("closed", P_("Closed")),
    ("withdrawn", P_("Withdrawn")),
    ("all", P_("All")),
]


@dataclass
class InboxQuery:
    """The inbox's filters as the query string gives them (the page and its CSV alike)."""

    status: str = "open"
    severity: str = ""
    category: str = ""
    country: str = ""
    reported_by: str = ""
    service: str = ""


Query = Annotated[InboxQuery, Depends()]


def _filters(viewer: Viewer, query: InboxQuery) -> tuple[list[str], casework_repo.InboxFilter]:
    """Her services (or the one she chose) and the filters, anything unknown dropped."""
    services = viewer.service_ids
    if query.service and query.service in services:
        services = [query.service]
    valid_status = {value for value, _ in STATUS_CHOICES}
    filters = casework_repo.InboxFilter(
        status=query.status if query.status in valid_status else "open",
        severity=query.severity if query.severity in {s.value for s in Severity} else "",
        category=query.category if query.category in {c.value for c in Category} else "",
        country=query.country if len(query.country) <= 8 else "",
        reported_by=query.reported_by if query.reported_by in REPORTED_BY_VALUES else "",
    )
    return services, filters


def _query(filters: casework_repo.InboxFilter, service: str) -> str:
    """The filters as a query string, for the CSV link (only those that are set)."""
    values = {
        "status": filters.status,
        "severity": filters.severity,
        "category": filters.category,
        "country": filters.country,
        "reported_by": filters.reported_by,
        "service": service,
    }
    return urlencode({k: v for k, v in values.items() if v and not (k == "status" and v == "open")})


@router.get("/inbox")
async def inbox_page(
    request: Request,
    db: Db,
    viewer: CurrentViewer,
    query: Query,
) -> Response:
    state = portal_state(request)
    services, filters = _filters(viewer, query)
    service = query.service
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
        service=service if service in services else "",
        export_query=_query(filters, service if service in services else ""),
        status_choices=STATUS_CHOICES,
        severities=[s.value for s in reversed(list(Severity))],
        categories=[c.value for c in Category],
        countries=[c.value for c in countries],
        reporters=list(REPORTED_BY_VALUES),
        many_services=len(viewer.service_ids) > 1,
    )


@router.get("/inbox/export.csv")
async def inbox_export(
    request: Request,
    db: Db,
    viewer: CurrentViewer,
    query: Query,
) -> Response:
    """The cases the inbox shows with these filters, one row each; the export is audited."""
    state = portal_state(request)
    services, filters = _filters(viewer, query)
    service = query.service
    cases: list[Case] = list(
        await casework_repo.inbox(session=db, service_ids=services, filters=filters)
    )
    works = await casework_repo.works_of(session=db, case_ids=[c.id for c in cases])
    body = inbox_csv(
        cases, works, lang=page_language(request, viewer), service_name=state.service_name
    )
    await casework_repo.audit(
        session=db,
        action="exported_inbox",
        actor=viewer.label,
        account_id=viewer.account.id,
        detail="{} cases; {}".format(len(cases), _query(filters, service) or "status=open"),
    )
    filename = "safe-report-inbox-{}.csv".format(utcnow().strftime("%Y-%m-%d"))
    return Response(
        content=body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="{}"'.format(filename),
            "Cache-Control": "no-store",
        },
    )
