"""Pending replies: the bot's answers to an update, kept until they are sent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import PendingReply
from bot.storage.types import utcnow

CLAIM = timedelta(seconds=10)


async def keep(
    *,
    session: AsyncSession,
    update_id: int,
    survivor_id: uuid.UUID,
    chat_id_enc: bytes,
    actions_enc: bytes,
) -> None:
    session.add(
        PendingReply(
            update_id=update_id,
            survivor_id=survivor_id,
            chat_id_enc=chat_id_enc,
            actions_enc=actions_enc,
            claimed_until=utcnow() + CLAIM,
        )
    )


async def reclaim(*, session: AsyncSession, update_id: int) -> PendingReply | None:
    """Take over a pending reply whose claim ran out (its sender died); None otherwise."""
    now = utcnow()
    result = await session.exec(  # type: ignore[call-overload]
        update(PendingReply)
        .where(col(PendingReply.update_id) == update_id)
        .where(col(PendingReply.claimed_until) < now)
        .values(claimed_until=now + CLAIM)
    )
    if result.rowcount != 1:
        return None
    return await session.get(PendingReply, update_id)


async def stale(*, session: AsyncSession, limit: int = 50) -> Sequence[int]:
    """Update ids whose answers nobody is sending any more."""
    now: datetime = utcnow()
    rows = await session.exec(
        select(PendingReply.update_id)
        .where(col(PendingReply.claimed_until) < now)
        .order_by(col(PendingReply.created_at))
        .limit(limit)
    )
    return list(rows.all())


async def done(*, session: AsyncSession, update_id: int) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(PendingReply).where(col(PendingReply.update_id) == update_id)
    )


async def forget(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(PendingReply).where(col(PendingReply.survivor_id) == survivor_id)
    )
