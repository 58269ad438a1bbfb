"""Passing a case to another partner service, only with her yes.

The portal (which holds the sending service's key) prepares a copy of every
item sealed to the receiving service's public key and the bot asks her. Her
yes swaps the copies in; her no deletes them. The bot never opens anything:
it only moves ciphertexts, and seals her new answers for both services while
the question is open.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import keys
from bot.storage.models import Case, CaseMessage, CaseStatus, Evidence
from bot.storage.portal_models import TransferStatus
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.types import utcnow

# Where each kind of copy goes when she says yes: (table, the column it replaces).
_SEALED_COLUMNS: dict[str, tuple[type[Evidence] | type[CaseMessage], str]] = {
    "evidence": (Evidence, "blob_enc"),
    "message": (CaseMessage, "body_enc"),
}


@dataclass(frozen=True)
class TransferAnswer:
    accepted: bool
    from_service: str
    to_service: str


async def stage_for_open_transfer(
    *,
    session: AsyncSession,
    case: Case,
    item_id: uuid.UUID,
    plain: bytes,
    kind: str = "message",
) -> None:
    """A message or file added while a transfer waits for her answer is copied for the
    receiver, sealed as its table seals it (a message to the case, a file to itself)."""
    request = await transfer_repo.open_transfer(session=session, case_id=case.id)
    if request is None:
        return
    key = await key_repo.active_service_key(session=session, service_id=request.to_service)
    if key is None:
        return
    aad = item_id.bytes if kind == "evidence" else case.id.bytes
    await transfer_repo.add_copy(
        session=session,
        request_id=request.id,
        kind=kind,
        item_id=item_id,
        sealed=keys.seal(key.public_key, plain, aad=aad),
    )


async def do_give_up_transfer(*, session: AsyncSession, request_id: uuid.UUID, reason: str) -> bool:
    """She cannot be asked (she blocked the bot, Telegram refuses, or she takes no messages
    from the service): the case stays where it is, the copies for the other service are
    deleted, and the caseworker sees why. False when the request is no longer open."""
    request = await transfer_repo.get_transfer(session=session, request_id=request_id)
    if request is None or request.status not in transfer_repo.OPEN:
        return False
    request.status = TransferStatus.UNDELIVERABLE
    request.answered_at = utcnow()
    session.add(request)
    await transfer_repo.drop_copies(session=session, request_id=request.id)
    case = await session.get(Case, request.case_id)
    await casework_repo.audit(
        session=session,
        action="transfer_undeliverable",
        actor="bot",
        case=case,
        detail="to {} ({})".format(request.to_service, reason),
    )
    return True


async def do_answer_transfer(
    *, session: AsyncSession, survivor_id: uuid.UUID, request_id: str, accept: bool
) -> TransferAnswer | None:
    """Apply her answer; None when the question is not hers or no longer open."""
    try:
        rid = uuid.UUID(hex=request_id)
    except ValueError:
        return None
    request = await transfer_repo.get_transfer(session=session, request_id=rid)
    if request is None or request.status not in transfer_repo.OPEN:
        return None
    case = await session.get(Case, request.case_id)
    if case is None or case.survivor_id != survivor_id:
        return None
    if case.partner_service_id != request.from_service:
        return None
    now = utcnow()
    request.answered_at = now
    answer = TransferAnswer(accept, request.from_service, request.to_service)
    if not accept:
        request.status = TransferStatus.DECLINED
        await transfer_repo.drop_copies(session=session, request_id=request.id)
        await casework_repo.audit(
            session=session,
            action="transfer_declined",
            actor="survivor",
            case=case,
            detail="to {}".format(request.to_service),
        )
        session.add(request)
        return answer
    for copy in await transfer_repo.copies_of(session=session, request_id=request.id):
        if copy.kind == "content" and copy.item_id == case.id:
            case.content_enc = copy.sealed
        elif copy.kind in _SEALED_COLUMNS:
            model, column = _SEALED_COLUMNS[copy.kind]
            await session.exec(  # type: ignore[call-overload]
                update(model)
                .where(col(model.id) == copy.item_id)
                .where(col(model.case_id) == case.id)
                .values({column: copy.sealed})
            )
    await transfer_repo.drop_copies(session=session, request_id=request.id)
    request.status = TransferStatus.ACCEPTED
    session.add(request)
    case.partner_service_id = request.to_service
    case.status = CaseStatus.NEW.value
    case.updated_at = now
    session.add(case)
    work = await casework_repo.work_of(session=session, case_id=case.id)
    work.assigned_to = None
    work.assigned_label = ""
    work.updated_at = now
    session.add(work)
    await casework_repo.audit(
        session=session,
        action="transfer_accepted",
        actor="survivor",
        case=case,
        detail="{} to {}".format(request.from_service, request.to_service),
    )
    await outbox_repo.queue_alert(
        session=session,
        reference=case.reference,
        service_id=request.to_service,
        severity=case.severity,
    )
    return answer
