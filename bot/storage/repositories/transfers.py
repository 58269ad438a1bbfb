"""Transfer requests between partner services and the copies sealed for the receiver."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Case, Survivor
from bot.storage.portal_models import TransferCopy, TransferRequest, TransferStatus

OPEN = (TransferStatus.PENDING, TransferStatus.ASKED)


async def open_transfer(*, session: AsyncSession, case_id: uuid.UUID) -> TransferRequest | None:
    return (
        await session.exec(
            select(TransferRequest)
            .where(TransferRequest.case_id == case_id)
            .where(col(TransferRequest.status).in_(OPEN))
        )
    ).first()


async def last_transfer(*, session: AsyncSession, case_id: uuid.UUID) -> TransferRequest | None:
    return (
        await session.exec(
            select(TransferRequest)
            .where(TransferRequest.case_id == case_id)
            .order_by(col(TransferRequest.created_at).desc())
        )
    ).first()


async def get_transfer(*, session: AsyncSession, request_id: uuid.UUID) -> TransferRequest | None:
    return await session.get(TransferRequest, request_id)


async def due_questions(
    *, session: AsyncSession, now: datetime, limit: int = 20
) -> Sequence[TransferRequest]:
    return (
        await session.exec(
            select(TransferRequest)
            .join(Case, col(Case.id) == col(TransferRequest.case_id))
            .outerjoin(Survivor, col(Survivor.id) == col(Case.survivor_id))
            .where(or_(col(Survivor.id).is_(None), col(Survivor.messages_paused).is_(False)))
            .where(TransferRequest.status == TransferStatus.PENDING)
            .where(TransferRequest.next_attempt_at <= now)
            .limit(limit)
        )
    ).all()


async def add_copy(
    *, session: AsyncSession, request_id: uuid.UUID, kind: str, item_id: uuid.UUID, sealed: bytes
) -> None:
    session.add(TransferCopy(request_id=request_id, kind=kind, item_id=item_id, sealed=sealed))


async def copies_of(*, session: AsyncSession, request_id: uuid.UUID) -> Sequence[TransferCopy]:
    return (
        await session.exec(select(TransferCopy).where(TransferCopy.request_id == request_id))
    ).all()


async def drop_copies(*, session: AsyncSession, request_id: uuid.UUID) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(TransferCopy).where(col(TransferCopy.request_id) == request_id)
    )
