"""Her side of the case relay: the service's messages she has not opened yet, opening
one, and holding or ending them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Case, CaseMessage, Evidence, Survivor
from bot.storage.portal_models import ReplyOutbox, TransferRequest, TransferStatus


async def unopened_replies(
    *, session: AsyncSession, survivor_id: uuid.UUID
) -> Sequence[tuple[CaseMessage, Case]]:
    """Caseworker messages whose notice went out and that she has not opened, oldest first."""
    rows = (
        await session.exec(
            select(CaseMessage, Case)
            .join(ReplyOutbox, col(ReplyOutbox.message_id) == col(CaseMessage.id))
            .join(Case, col(Case.id) == col(CaseMessage.case_id))
            .where(Case.survivor_id == survivor_id)
            .where(col(ReplyOutbox.notified_at).is_not(None))
            .order_by(col(CaseMessage.created_at))
        )
    ).all()
    return [(message, case) for message, case in rows]


async def unanswered_questions(
    *, session: AsyncSession, survivor_id: uuid.UUID
) -> Sequence[TransferRequest]:
    """Transfer questions she was asked and has not answered."""
    return (
        await session.exec(
            select(TransferRequest)
            .join(Case, col(Case.id) == col(TransferRequest.case_id))
            .where(Case.survivor_id == survivor_id)
            .where(TransferRequest.status == TransferStatus.ASKED)
            .order_by(col(TransferRequest.created_at))
        )
    ).all()


async def reply_for(
    *, session: AsyncSession, message_id: uuid.UUID, survivor_id: uuid.UUID
) -> tuple[ReplyOutbox, CaseMessage, Case] | None:
    """A notified reply of hers, with its message and case; None if not hers or gone."""
    row = (
        await session.exec(
            select(ReplyOutbox, CaseMessage, Case)
            .join(CaseMessage, col(CaseMessage.id) == col(ReplyOutbox.message_id))
            .join(Case, col(Case.id) == col(CaseMessage.case_id))
            .where(ReplyOutbox.message_id == message_id)
            .where(Case.survivor_id == survivor_id)
            .where(col(ReplyOutbox.notified_at).is_not(None))
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2])


async def mark_read(
    *, session: AsyncSession, outbox: ReplyOutbox, message: CaseMessage, now: datetime
) -> None:
    """She opened it: the bot's copy goes, the time she read it stays (no content)."""
    message.read_at = now
    session.add(message)
    await session.delete(outbox)


async def set_paused(*, session: AsyncSession, survivor_id: uuid.UUID, paused: bool) -> None:
    await session.exec(  # type: ignore[call-overload]
        update(Survivor).where(col(Survivor.id) == survivor_id).values(messages_paused=paused)
    )


async def stop_replies(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    """No service may write to her again: replies off on her cases, her chat id deleted,
    and what was waiting for her dropped."""
    cases = select(Case.id).where(Case.survivor_id == survivor_id)
    waiting = select(CaseMessage.id).where(col(CaseMessage.case_id).in_(cases))
    await session.exec(  # type: ignore[call-overload]
        ReplyOutbox.__table__.delete().where(col(ReplyOutbox.message_id).in_(waiting))  # type: ignore[attr-defined]
    )
    await session.exec(  # type: ignore[call-overload]
        update(Case).where(col(Case.survivor_id) == survivor_id).values(allow_replies=False)
    )
    await session.exec(  # type: ignore[call-overload]
        update(Survivor)
        .where(col(Survivor.id) == survivor_id)
        .values(reply_chat_enc=None, messages_paused=False)
    )


async def drop_unattached_evidence(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    """Files she sent that never became part of a case (Exit)."""
    await session.exec(  # type: ignore[call-overload]
        Evidence.__table__.delete()  # type: ignore[attr-defined]
        .where(col(Evidence.survivor_id) == survivor_id)
        .where(col(Evidence.case_id).is_(None))
    )
