"""Her case relay after the report was sent: opening the service's messages, holding
or ending them, and files she adds to her case.

Every message from a service reaches her as a neutral notice first; only her press
shows it (the notice is edited into it). Pausing holds the service's messages in
their outbox; stopping ends them and deletes her chat id. A file she sends after
the report was sent joins that case, sealed to the service that holds it, as her
consent to send the report to them covers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.actions import AddToCase
from bot.flows.evidence_pack import recording_length, utc_time
from bot.services import keys
from bot.services.actions.cases import add_her_message
from bot.services.actions.transfers import stage_for_open_transfer
from bot.services.sealing import CaseSealer
from bot.storage.models import Case, CaseStatus, Evidence
from bot.storage.portal_models import TransferRequest
from bot.storage.repositories import cases as case_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import quiet as quiet_repo
from bot.storage.repositories import relay as relay_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.types import utcnow


@dataclass(frozen=True)
class OpenedReply:
    body: str
    reference: str
    service_id: str


def _uuid(hex_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=hex_id)
    except ValueError:
        return None


async def do_open_reply(
    *, session: AsyncSession, survivor_id: uuid.UUID, message_hex: str, delivery_private: bytes
) -> OpenedReply | None:
    """Open a caseworker's message for her (once): its text, and it is marked read; None
    when it is not hers, was already opened, or is gone (withdrawn, stopped)."""
    message_id = _uuid(message_hex)
    if message_id is None:
        return None
    found = await relay_repo.reply_for(
        session=session, message_id=message_id, survivor_id=survivor_id
    )
    if found is None:
        return None
    outbox, message, case = found
    body = keys.open_sealed(delivery_private, outbox.sealed_for_bot, aad=message.id.bytes)
    await relay_repo.mark_read(session=session, outbox=outbox, message=message, now=utcnow())
    await casework_repo.audit(session=session, action="reply_read", actor="survivor", case=case)
    return OpenedReply(body.decode(), case.reference, case.partner_service_id)


async def do_keep_message(*, session: AsyncSession, survivor_id: uuid.UUID, item_hex: str) -> None:
    """She keeps a service's message: the quiet-period sweep leaves it in her chat."""
    item_id = _uuid(item_hex)
    if item_id is not None:
        await quiet_repo.keep_message(session=session, survivor_id=survivor_id, notice_for=item_id)


@dataclass(frozen=True)
class OpenQuestion:
    request: TransferRequest
    case: Case


async def do_open_question(
    *, session: AsyncSession, survivor_id: uuid.UUID, request_hex: str
) -> OpenQuestion | None:
    """A transfer question of hers still waiting for her answer; None otherwise."""
    request_id = _uuid(request_hex)
    if request_id is None:
        return None
    request = await transfer_repo.get_transfer(session=session, request_id=request_id)
    if request is None or request.status not in transfer_repo.OPEN:
        return None
    case = await session.get(Case, request.case_id)
    if case is None or case.survivor_id != survivor_id:
        return None
    return OpenQuestion(request, case)


@dataclass(frozen=True)
class Waiting:
    kind: str  # "reply" or "transfer"
    item_id: str  # hex
    reference: str


async def do_list_waiting(*, session: AsyncSession, survivor_id: uuid.UUID) -> list[Waiting]:
    """What the service sent her that she has not opened (Exit deleted its notice)."""
    waiting = [
        Waiting("reply", message.id.hex, case.reference)
        for message, case in await relay_repo.unopened_replies(
            session=session, survivor_id=survivor_id
        )
    ]
    for request in await relay_repo.unanswered_questions(session=session, survivor_id=survivor_id):
        case = await session.get(Case, request.case_id)
        waiting.append(Waiting("transfer", request.id.hex, case.reference if case else ""))
    return waiting


async def do_pause_messages(*, session: AsyncSession, survivor_id: uuid.UUID, paused: bool) -> None:
    await relay_repo.set_paused(session=session, survivor_id=survivor_id, paused=paused)


async def do_stop_messages(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    await relay_repo.stop_replies(session=session, survivor_id=survivor_id)
    for case in await case_repo.cases_of(session=session, survivor_id=survivor_id):
        await casework_repo.audit(
            session=session, action="replies_stopped", actor="survivor", case=case
        )


async def do_add_to_case(
    *, session: AsyncSession, survivor_id: uuid.UUID, addition: AddToCase, sealer: CaseSealer
) -> bool:
    """Add a file to her sent case, sealed to the service that holds it now; False when
    the case is not hers or was withdrawn."""
    case = await case_repo.find_case_by_reference(session=session, reference=addition.reference)
    if case is None or case.survivor_id != survivor_id or case.content_enc is None:
        return False
    if case.status == CaseStatus.WITHDRAWN.value:
        return False
    evidence_id = uuid.UUID(addition.evidence_id)
    recipient = await sealer.recipient(session=session, service_id=case.partner_service_id)
    session.add(
        Evidence(
            id=evidence_id,
            survivor_id=survivor_id,
            case_id=case.id,
            kind=addition.kind,
            sha256=addition.sha256,
            size=len(addition.content),
            blob_enc=sealer.seal(recipient, addition.content, aad=evidence_id.bytes),
        )
    )
    await session.flush()
    await stage_for_open_transfer(
        session=session, case=case, item_id=evidence_id, plain=addition.content, kind="evidence"
    )
    described = _describe(addition)
    if described:
        # What she said about the file reaches the caseworker with it, sealed alike.
        await add_her_message(
            session=session, case=case, sealer=sealer, recipient=recipient, plain=described.encode()
        )
    case.updated_at = utcnow()
    session.add(case)
    await casework_repo.audit(session=session, action="evidence_added", actor="survivor", case=case)
    return True


def _describe(addition: AddToCase) -> str:
    """For the caseworker (the portal is in English): what the evidence pack says of a file
    sent with the report: its name, length, who it was forwarded from and her caption."""
    facts = []
    if addition.duration is not None:
        facts.append("Length: {}".format(recording_length(addition.duration)))
    if addition.forwarded_from is not None:
        facts.append("Forwarded from: {}".format(addition.forwarded_from or "someone hidden"))
        if addition.forwarded_at:
            facts.append("First sent: {}".format(utc_time(addition.forwarded_at)))
    if addition.caption:
        facts.append("Caption: {}".format(addition.caption))
    if not addition.name and not facts:
        return ""
    name = addition.name or "(no name, {})".format(addition.kind)
    return "\n".join(["File added after the report was sent: {}".format(name), *facts])
