"""The case page, evidence downloads and the caseworker's actions on a case.

Every handler loads the case through `_case_for`, which answers 403 alike for
another service's case and for an id that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import P_
from bot.storage.models import Case, Evidence
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.types import utcnow
from bot.web import actions, wording
from bot.web.case_pdf import case_summary_pdf
from bot.web.case_view import build_case_view, open_item
from bot.web.downloads import sniffed_extension
from bot.web.render import page_language, render
from bot.web.security import (
    BadRequest,
    CurrentViewer,
    Db,
    Forbidden,
    PostingViewer,
    Viewer,
    parse_id,
)
from bot.web.state import portal_state

router = APIRouter()
Text = Annotated[str, Form()]


async def _case_for(db: AsyncSession, viewer: Viewer, raw_id: str) -> Case:
    case = await casework_repo.case_by_id(session=db, case_id=parse_id(raw_id))
    if case is None or case.partner_service_id not in viewer.service_ids:
        raise Forbidden()
    return case


def _back(case: Case, done: str) -> Response:
    return RedirectResponse("/cases/{}?done={}".format(case.id, done), status_code=303)


@router.get("/cases/ref/{reference}")
async def case_by_reference(reference: str, db: Db, viewer: CurrentViewer) -> Response:
    """The link in a new-case alert: the reference, never an id or content."""
    case = (await db.exec(select(Case).where(Case.reference == reference.strip().upper()))).first()
    if case is None or case.partner_service_id not in viewer.service_ids:
        raise Forbidden()
    return RedirectResponse("/cases/{}".format(case.id), status_code=303)


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: str, db: Db, viewer: CurrentViewer) -> Response:
    return await _case_page(request, case_id, db, viewer, printing=False)


@router.get("/cases/{case_id}/print")
async def print_page(request: Request, case_id: str, db: Db, viewer: CurrentViewer) -> Response:
    """The case page, which opens the browser's print dialogue; the print is audited."""
    return await _case_page(request, case_id, db, viewer, printing=True)


async def _case_page(
    request: Request, case_id: str, db: Db, viewer: Viewer, *, printing: bool
) -> Response:
    state = portal_state(request)
    case = await _case_for(db, viewer, case_id)
    view = await build_case_view(
        session=db, case=case, service_key=viewer.service_key(case.partner_service_id)
    )
    if view.work.first_opened_at is None:
        view.work.first_opened_at = utcnow()
        db.add(view.work)
    await casework_repo.audit(
        session=db,
        action="printed" if printing else "opened",
        actor=viewer.label,
        account_id=viewer.account.id,
        case=case,
    )
    keyed = {k.service_id for k in await key_repo.active_service_keys(session=db)}
    targets = [
        (pid, partner.name)
        for pid, partner in state.partners.items()
        if pid != case.partner_service_id and pid in keyed
    ]
    lang = page_language(request, viewer)
    return render(
        request,
        "case.html",
        viewer,
        view=view,
        case=case,
        answers=wording.answer_rows(lang, view.content.get("answers", {})),
        outcomes=list(wording.OUTCOMES),
        targets=targets,
        printing=printing,
        now=utcnow(),
    )


@router.get("/cases/{case_id}/summary.pdf")
async def summary_pdf(request: Request, case_id: str, db: Db, viewer: CurrentViewer) -> Response:
    """The referral/case summary: made now, in memory, from what she may see; never kept."""
    state = portal_state(request)
    case = await _case_for(db, viewer, case_id)
    view = await build_case_view(
        session=db, case=case, service_key=viewer.service_key(case.partner_service_id)
    )
    if not view.readable:
        raise BadRequest(P_("There is nothing readable to summarise in this case."))
    await casework_repo.audit(
        session=db,
        action="exported_summary",
        actor=viewer.label,
        account_id=viewer.account.id,
        case=case,
    )
    document = case_summary_pdf(
        view,
        lang=page_language(request, viewer),
        service_name=state.service_name(case.partner_service_id),
        made_by=viewer.label,
    )
    return Response(
        content=document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="{}-summary.pdf"'.format(case.reference),
            "Cache-Control": "no-store",
            "Pragma": "no-cache",
        },
    )


@router.get("/cases/{case_id}/evidence/{evidence_id}")
async def download(case_id: str, evidence_id: str, db: Db, viewer: CurrentViewer) -> Response:
    case = await _case_for(db, viewer, case_id)
    evidence = await db.get(Evidence, parse_id(evidence_id))
    if evidence is None or evidence.case_id != case.id:
        raise Forbidden()
    key = viewer.service_key(case.partner_service_id)
    data = open_item(key, evidence.blob_enc, evidence.id.bytes)
    if data is None:
        raise Forbidden()
    filename = "{}-{}{}".format(case.reference, evidence.sha256[:12], sniffed_extension(data))
    await casework_repo.audit(
        session=db,
        action="downloaded",
        actor=viewer.label,
        account_id=viewer.account.id,
        case=case,
        detail="file {}".format(evidence.id),
    )
    return Response(
        content=data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": 'attachment; filename="{}"'.format(filename)},
    )


@router.post("/cases/{case_id}/take")
async def take(case_id: str, db: Db, viewer: PostingViewer) -> Response:
    case = await _case_for(db, viewer, case_id)
    await actions.take(session=db, case=case, viewer=viewer)
    return _back(case, "taken")


@router.post("/cases/{case_id}/status")
async def status(
    case_id: str, db: Db, viewer: PostingViewer, status: Text = "", outcome: Text = ""
) -> Response:
    case = await _case_for(db, viewer, case_id)
    await actions.change_status(
        session=db, case=case, viewer=viewer, status=status, outcome=outcome
    )
    return _back(case, "status")


@router.post("/cases/{case_id}/note")
async def note(case_id: str, db: Db, viewer: PostingViewer, body: Text = "") -> Response:
    case = await _case_for(db, viewer, case_id)
    await actions.add_note(session=db, case=case, viewer=viewer, body=body)
    return _back(case, "note")


@router.post("/cases/{case_id}/reply")
async def reply(
    request: Request, case_id: str, db: Db, viewer: PostingViewer, body: Text = ""
) -> Response:
    case = await _case_for(db, viewer, case_id)
    label = portal_state(request).service_name(case.partner_service_id)
    await actions.reply(session=db, case=case, viewer=viewer, body=body, service_label=label)
    return _back(case, "reply")


@router.post("/cases/{case_id}/transfer")
async def transfer(
    request: Request, case_id: str, db: Db, viewer: PostingViewer, to_service: Text = ""
) -> Response:
    case = await _case_for(db, viewer, case_id)
    await actions.request_transfer(
        session=db,
        case=case,
        viewer=viewer,
        to_service=to_service,
        known=set(portal_state(request).partners),
    )
    return _back(case, "transfer")
