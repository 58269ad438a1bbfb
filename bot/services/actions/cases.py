"""Her case: sent to a partner with her consent, her answers to the caseworker, its status.

Everything of hers is sealed to the partner's public key (`CaseSealer`): once sent,
the bot cannot open her case again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.domain import Category, Severity
from bot.flows.actions import SubmitCase
from bot.services.actions.transfers import stage_for_open_transfer
from bot.services.case_content import case_content, encode_content
from bot.services.references import normalise_reference
from bot.services.sealing import CaseSealer, Recipient
from bot.storage.crypto import ContentCipher
from bot.storage.models import REPORTED_BY_SELF, Case, CaseCreate
from bot.storage.repositories import cases as case_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.repositories.case_messages import add_case_message

_CATEGORY_IDS = {c.value for c in Category}


async def do_submit_case(
    *,
    session: AsyncSession,
    survivor_id: uuid.UUID,
    chat_id: int,
    submission: SubmitCase,
    topics_read: list[str],
    language: str,
    sealer: CaseSealer,
    cipher: ContentCipher,
) -> None:
    """Create the case sealed to the partner, move her files to it, queue the alert, and
    keep her chat id (encrypted) only if she allowed replies."""
    draft = submission.draft
    categories = sorted(
        {c for c in draft.categories if c in _CATEGORY_IDS}
        | {c for p in draft.parts for c in p.categories}
    )
    data = CaseCreate(
        reference=submission.reference,
        survivor_id=survivor_id,
        severity=draft.severity or Severity.NONE.value,
        categories=",".join(categories),
        country=draft.country or "other",
        region=draft.region,
        partner_service_id=submission.partner_id,
        allow_replies=submission.allow_replies,
        reported_by=draft.reporter or REPORTED_BY_SELF,
    )
    content = case_content(draft, shown_topics=topics_read, language=language)
    case_id = uuid.uuid4()
    recipient = await sealer.recipient(session=session, service_id=submission.partner_id)
    case = await case_repo.create_case(
        session=session,
        data=data,
        content_enc=sealer.seal(recipient, encode_content(content), aad=case_id.bytes),
        case_id=case_id,
    )
    evidence_ids = [uuid.UUID(item.id) for item in draft.evidence]
    if evidence_ids:
        await case_repo.attach_evidence(session=session, case_id=case.id, evidence_ids=evidence_ids)
        # Her files were kept under the bot's key while she wrote; now only the service
        # may read them.
        for evidence in await casework_repo.evidence_of_case(session=session, case_id=case.id):
            plain = cipher.decrypt(evidence.blob_enc, aad=evidence.id.bytes)
            evidence.blob_enc = sealer.seal(recipient, plain, aad=evidence.id.bytes)
            session.add(evidence)
    await outbox_repo.queue_alert(
        session=session,
        reference=case.reference,
        service_id=submission.partner_id,
        severity=case.severity,
    )
    if submission.allow_replies:
        survivor = await survivor_repo.get_survivor(session=session, survivor_id=survivor_id)
        survivor.reply_chat_enc = cipher.encrypt(str(chat_id).encode(), aad=survivor_id.bytes)
        session.add(survivor)


async def do_reply_to_case(
    *,
    session: AsyncSession,
    survivor_id: uuid.UUID,
    reference: str,
    text: str,
    sealer: CaseSealer,
) -> None:
    """Her answer to the caseworker, sealed to the service; ignored unless the case is
    hers and replies are allowed."""
    case = await case_repo.find_case_by_reference(session=session, reference=reference)
    if case is None or case.survivor_id != survivor_id or not case.allow_replies:
        return
    recipient = await sealer.recipient(session=session, service_id=case.partner_service_id)
    await add_her_message(
        session=session, case=case, sealer=sealer, recipient=recipient, plain=text.encode()
    )


async def add_her_message(
    *, session: AsyncSession, case: Case, sealer: CaseSealer, recipient: Recipient, plain: bytes
) -> None:
    """Her words on her case, sealed to its service; a transfer she has not answered yet
    gets its own copy for the receiving service."""
    message = await add_case_message(
        session=session,
        case_id=case.id,
        author="survivor",
        body_enc=sealer.seal(recipient, plain, aad=case.id.bytes),
    )
    await stage_for_open_transfer(session=session, case=case, item_id=message.id, plain=plain)


@dataclass(frozen=True)
class CaseStatusView:
    reference: str
    status: str  # a `CaseStatus` value


async def do_query_status(
    *, session: AsyncSession, survivor_id: uuid.UUID, raw_reference: str
) -> CaseStatusView | None:
    """Her case's status, or None alike for "no such code" and "not yours" (codes cannot
    be probed)."""
    reference = normalise_reference(raw_reference)
    case = await case_repo.find_case_by_reference(session=session, reference=reference)
    if case is None or case.survivor_id != survivor_id:
        return None
    return CaseStatusView(case.reference, case.status)
