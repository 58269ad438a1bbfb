"""Submitted cases and their evidence."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, update
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.erasure import note_erasure
from bot.storage.models import Case, CaseCreate, CaseMessage, CaseStatus, Evidence, Survivor
from bot.storage.types import utcnow


async def create_case(
    *,
    session: AsyncSession,
    data: CaseCreate,
    content_enc: bytes,
    case_id: uuid.UUID | None = None,
) -> Case:
    extra: dict[str, object] = {"content_enc": content_enc}
    if case_id is not None:
        extra["id"] = case_id
    case = Case.model_validate(data, update=extra)
    session.add(case)
    await session.flush()
    # Her draft, readable with the bot's key, becomes a case only the service can read:
    # the draft's older copies must not stay behind in the engine's files.
    note_erasure(session)
    return case


async def find_case_by_reference(*, session: AsyncSession, reference: str) -> Case | None:
    return (await session.exec(select(Case).where(Case.reference == reference))).first()


async def cases_of(*, session: AsyncSession, survivor_id: uuid.UUID) -> Sequence[Case]:
    return (await session.exec(select(Case).where(Case.survivor_id == survivor_id))).all()


async def add_evidence(
    *,
    session: AsyncSession,
    evidence_id: uuid.UUID,
    survivor_id: uuid.UUID,
    kind: str,
    sha256: str,
    size: int,
    blob_enc: bytes,
) -> None:
    session.add(
        Evidence(
            id=evidence_id,
            survivor_id=survivor_id,
            kind=kind,
            sha256=sha256,
            size=size,
            blob_enc=blob_enc,
        )
    )


async def drop_evidence(
    *, session: AsyncSession, survivor_id: uuid.UUID, evidence_ids: Sequence[uuid.UUID]
) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(Evidence)
        .where(Evidence.survivor_id == survivor_id)  # type: ignore[arg-type]
        .where(Evidence.id.in_(evidence_ids))  # type: ignore[union-attr,attr-defined]
        .where(Evidence.case_id.is_(None))  # type: ignore[union-attr]
    )
    note_erasure(session)


async def attach_evidence(
    *, session: AsyncSession, case_id: uuid.UUID, evidence_ids: Sequence[uuid.UUID]
) -> None:
    await session.exec(  # type: ignore[call-overload]
        update(Evidence)
        .where(Evidence.id.in_(evidence_ids))  # type: ignore[union-attr,attr-defined]
        .values(case_id=case_id)
    )


async def forget_survivor(*, session: AsyncSession, survivor_id: uuid.UUID) -> int:
    """Withdraw her cases, destroy their content and evidence, delete every row of hers.

    The case row stays (reference, status `withdrawn`) so the service sees the
    withdrawal; nothing she wrote remains. Returns the number of cases withdrawn.
    """
    from bot.storage.repositories.pending import forget as forget_pending
    from bot.storage.repositories.survivors import delete_conversation

    await forget_pending(session=session, survivor_id=survivor_id)
    cases = (await session.exec(select(Case).where(Case.survivor_id == survivor_id))).all()
    now = utcnow()
    for case in cases:
        case.status = CaseStatus.WITHDRAWN.value
        case.content_enc = None
        case.survivor_id = None
        case.allow_replies = False
        case.withdrawn_at = now
        case.updated_at = now
        session.add(case)
        await session.exec(  # type: ignore[call-overload]
            delete(Evidence).where(Evidence.case_id == case.id)  # type: ignore[arg-type]
        )
        await _forget_portal_rows(session=session, case_id=case.id)
        await session.exec(  # type: ignore[call-overload]
            delete(CaseMessage).where(CaseMessage.case_id == case.id)  # type: ignore[arg-type]
        )
    await session.exec(  # type: ignore[call-overload]
        delete(Evidence).where(Evidence.survivor_id == survivor_id)  # type: ignore[arg-type]
    )
    await delete_conversation(session=session, survivor_id=survivor_id)
    from bot.storage.models import ChatMessage

    await session.exec(  # type: ignore[call-overload]
        delete(ChatMessage).where(ChatMessage.survivor_id == survivor_id)  # type: ignore[arg-type]
    )
    await session.flush()
    await session.exec(  # type: ignore[call-overload]
        delete(Survivor).where(Survivor.id == survivor_id)  # type: ignore[arg-type]
    )
    note_erasure(session)
    return len(cases)


async def _forget_portal_rows(*, session: AsyncSession, case_id: uuid.UUID) -> None:
    """The portal's copies of her words go too: notes, queued replies, transfer copies.

    Audit entries and the assignment stay, as actions and times only: a detail
    that could single out her files (a download's file digest, kept by older
    versions) is cleared.
    """
    from bot.storage.portal_models import (
        AuditEntry,
        CaseNote,
        ReplyOutbox,
        TransferCopy,
        TransferRequest,
        TransferStatus,
    )

    message_ids = select(CaseMessage.id).where(CaseMessage.case_id == case_id)
    await session.exec(  # type: ignore[call-overload]
        delete(ReplyOutbox).where(ReplyOutbox.message_id.in_(message_ids))  # type: ignore[attr-defined]
    )
    await session.exec(  # type: ignore[call-overload]
        delete(CaseNote).where(CaseNote.case_id == case_id)  # type: ignore[arg-type]
    )
    request_ids = select(TransferRequest.id).where(TransferRequest.case_id == case_id)
    await session.exec(  # type: ignore[call-overload]
        delete(TransferCopy).where(TransferCopy.request_id.in_(request_ids))  # type: ignore[attr-defined]
    )
    await session.exec(  # type: ignore[call-overload]
        update(TransferRequest)
        .where(TransferRequest.case_id == case_id)  # type: ignore[arg-type]
        .where(TransferRequest.status.in_((TransferStatus.PENDING, TransferStatus.ASKED)))  # type: ignore[attr-defined]
        .values(status=TransferStatus.CANCELLED)
    )
    await session.exec(  # type: ignore[call-overload]
        update(AuditEntry)
        .where(AuditEntry.case_id == case_id)  # type: ignore[arg-type]
        .where(AuditEntry.action == "downloaded")  # type: ignore[arg-type]
        .values(detail="")
    )
