"""What a caseworker can do to a case: each function checks, changes, and audits."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import P_
from bot.services import keys
from bot.services.key_admin import sealed_items
from bot.storage.models import Case, CaseStatus
from bot.storage.portal_models import TransferRequest
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.repositories.case_messages import add_case_message
from bot.storage.types import utcnow
from bot.web.case_view import open_item
from bot.web.security import BadRequest, Viewer
from bot.web.wording import OUTCOMES

MAX_TEXT = 4000


def _writable(case: Case) -> None:
    if case.status == CaseStatus.WITHDRAWN.value:
        raise BadRequest(P_("She withdrew this report; it can no longer be changed."))


async def take(*, session: AsyncSession, case: Case, viewer: Viewer) -> None:
    _writable(case)
    work = await casework_repo.work_of(session=session, case_id=case.id)
    work.assigned_to = viewer.account.id
    work.assigned_label = viewer.label
    work.updated_at = utcnow()
    session.add(work)
    if case.status == CaseStatus.NEW.value:
        case.status = CaseStatus.IN_PROGRESS.value
        case.updated_at = utcnow()
        session.add(case)
    await casework_repo.audit(
        session=session, action="took", actor=viewer.label, account_id=viewer.account.id, case=case
    )


async def change_status(
    *, session: AsyncSession, case: Case, viewer: Viewer, status: str, outcome: str
) -> None:
    _writable(case)
    allowed = {CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.REFERRED, CaseStatus.CLOSED}
    if status not in {s.value for s in allowed}:
        raise BadRequest(P_("Choose one of the listed statuses."))
    work = await casework_repo.work_of(session=session, case_id=case.id)
    detail = "{} → {}".format(case.status, status)
    if status == CaseStatus.CLOSED.value:
        if outcome not in OUTCOMES:
            raise BadRequest(P_("Say how the case ended before closing it."))
        work.outcome = outcome
        detail += " ({})".format(outcome)  # the id: the page words it in each reader's language
    else:
        work.outcome = None
    work.updated_at = utcnow()
    session.add(work)
    case.status = status
    case.updated_at = utcnow()
    session.add(case)
    await casework_repo.audit(
        session=session,
        action="status",
        actor=viewer.label,
        account_id=viewer.account.id,
        case=case,
        detail=detail,
    )


def _text(body: str) -> str:
    body = body.strip()
    if not body:
        raise BadRequest(P_("The message is empty."))
    if len(body) > MAX_TEXT:
        raise BadRequest(P_("Please keep it under {limit} characters."), limit=MAX_TEXT)
    return body


async def _service_public(session: AsyncSession, service_id: str) -> bytes:
    key = await key_repo.active_service_key(session=session, service_id=service_id)
    if key is None:
        raise BadRequest(P_("This service has no keys."))
    return key.public_key


async def add_note(*, session: AsyncSession, case: Case, viewer: Viewer, body: str) -> None:
    text = _text(body)
    note_id = uuid.uuid4()
    public = await _service_public(session, case.partner_service_id)
    await casework_repo.add_note(
        session=session,
        note_id=note_id,
        case_id=case.id,
        service_id=case.partner_service_id,
        author_label=viewer.label,
        body_sealed=keys.seal(public, text.encode(), aad=note_id.bytes),
    )
    await casework_repo.audit(
        session=session, action="note", actor=viewer.label, account_id=viewer.account.id, case=case
    )


async def reply(
    *, session: AsyncSession, case: Case, viewer: Viewer, body: str, service_label: str
) -> None:
    """Her copy goes to the bot's outbox sealed to the bot; the service keeps its own."""
    _writable(case)
    if not case.allow_replies or case.survivor_id is None:
        raise BadRequest(P_("She did not allow replies, so she cannot be written to."))
    text = _text(body)
    delivery = await key_repo.deployment_key(session=session, purpose=key_repo.DELIVERY)
    if delivery is None:
        raise BadRequest(
            P_("The bot has not started yet, so it cannot receive replies. Try later.")
        )
    public = await _service_public(session, case.partner_service_id)
    message = await add_case_message(
        session=session,
        case_id=case.id,
        author="caseworker",
        author_label=service_label[:128],
        body_enc=keys.seal(public, text.encode(), aad=case.id.bytes),
    )
    await outbox_repo.queue_reply(
        session=session,
        message_id=message.id,
        sealed_for_bot=keys.seal(delivery.public_key, text.encode(), aad=message.id.bytes),
    )
    request = await transfer_repo.open_transfer(session=session, case_id=case.id)
    if request is not None:
        target = await _service_public(session, request.to_service)
        await transfer_repo.add_copy(
            session=session,
            request_id=request.id,
            kind="message",
            item_id=message.id,
            sealed=keys.seal(target, text.encode(), aad=case.id.bytes),
        )
    await casework_repo.audit(
        session=session, action="reply", actor=viewer.label, account_id=viewer.account.id, case=case
    )


def consent_covers(case: Case, to_service: str) -> bool:
    """Her consent names one service (the consent question shows its name), so a
    transfer to any other service always needs a new yes from her."""
    return to_service == case.partner_service_id


async def request_transfer(
    *, session: AsyncSession, case: Case, viewer: Viewer, to_service: str, known: set[str]
) -> TransferRequest:
    """Prepare copies sealed to the receiving service; the bot then asks her."""
    _writable(case)
    if to_service not in known or consent_covers(case, to_service):
        raise BadRequest(P_("Choose another partner service."))
    if not case.allow_replies or case.survivor_id is None:
        raise BadRequest(
            P_(
                "She did not allow replies, so the bot cannot ask her, and a case is only "
                "passed on with her yes. You can mark the case as referred if you pointed "
                "her elsewhere."
            )
        )
    if await transfer_repo.open_transfer(session=session, case_id=case.id) is not None:
        raise BadRequest(P_("She has not answered the last transfer question yet."))
    target = await key_repo.active_service_key(session=session, service_id=to_service)
    if target is None:
        raise BadRequest(P_("That service has no keys yet, so it cannot receive cases."))
    source_key = viewer.service_key(case.partner_service_id)
    request = TransferRequest(
        case_id=case.id,
        from_service=case.partner_service_id,
        to_service=to_service,
        to_fingerprint=target.fingerprint,
        requested_by=viewer.label,
    )
    session.add(request)
    await session.flush()
    for item in await sealed_items(session=session, case=case):
        if item.attr == "body_sealed":
            continue  # internal notes stay with the service that wrote them
        plain = open_item(source_key, item.blob, item.aad)
        if plain is None:
            raise BadRequest(P_("Part of this case is not sealed to your key; it cannot move yet."))
        kind = {"content_enc": "content", "blob_enc": "evidence", "body_enc": "message"}[item.attr]
        await transfer_repo.add_copy(
            session=session,
            request_id=request.id,
            kind=kind,
            item_id=item.row.id,
            sealed=keys.seal(target.public_key, plain, aad=item.aad),
        )
    await casework_repo.audit(
        session=session,
        action="transfer_requested",
        actor=viewer.label,
        account_id=viewer.account.id,
        case=case,
        detail="to {}".format(to_service),
    )
    return request
