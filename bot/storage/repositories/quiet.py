"""The quiet-period sweep's reads and writes: which chats have been quiet long enough,
claiming one (so two replicas never clear a chat twice), what in it may go, and
forgetting what went.

A chat is quiet when the newest message the bot remembers in it is older than the
cutoff. What may go: every remembered message she did not keep, except a service's
notice she has not read yet (or read after the cutoff) and a transfer question still
open. The claim is a lease on her survivor row (`UPDATE … WHERE the claim is free or
ran out`), the same statement on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, case, delete, exists, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import CaseMessage, ChatMessage, Survivor
from bot.storage.portal_models import TransferRequest
from bot.storage.repositories.transfers import OPEN


def _may_go(cutoff: datetime) -> object:
    """A remembered message the sweep may delete (she did not keep it, nothing unread)."""
    unread_reply = exists().where(
        and_(
            col(CaseMessage.id) == col(ChatMessage.notice_for),
            or_(col(CaseMessage.read_at).is_(None), col(CaseMessage.read_at) >= cutoff),
        )
    )
    open_question = exists().where(
        and_(
            col(TransferRequest.id) == col(ChatMessage.notice_for),
            col(TransferRequest.status).in_(OPEN),
        )
    )
    return and_(
        ~col(ChatMessage.kept),
        or_(col(ChatMessage.notice_for).is_(None), and_(~unread_reply, ~open_question)),
    )


def _quiet_survivors(cutoff: datetime) -> object:
    return (
        select(ChatMessage.survivor_id)
        .group_by(col(ChatMessage.survivor_id))
        .having(func.max(ChatMessage.created_at) < cutoff)
    )


async def quiet_chats(
    *, session: AsyncSession, cutoff: datetime, now: datetime, limit: int
) -> list[uuid.UUID]:
    """Survivors whose chat has been quiet since `cutoff`, has something to sweep, and is
    not claimed by another sweep now."""
    sweepable = exists().where(
        and_(col(ChatMessage.survivor_id) == col(Survivor.id), _may_go(cutoff))  # type: ignore[arg-type]
    )
    rows = await session.exec(
        select(Survivor.id)
        .where(col(Survivor.id).in_(_quiet_survivors(cutoff)))  # type: ignore[arg-type]
        .where(col(Survivor.chat_enc).is_not(None))
        .where(
            or_(
                col(Survivor.sweep_claimed_until).is_(None),
                col(Survivor.sweep_claimed_until) < now,
            )
        )
        .where(sweepable)
        .limit(limit)
    )
    return list(rows.all())


async def claim_chat(
    *, session: AsyncSession, survivor_id: uuid.UUID, now: datetime, until: datetime
) -> bool:
    """Take her chat for one sweep, if no other sweep holds it; True when ours."""
    result = await session.exec(  # type: ignore[call-overload]
        update(Survivor)
        .where(col(Survivor.id) == survivor_id)
        .where(
            or_(
                col(Survivor.sweep_claimed_until).is_(None),
                col(Survivor.sweep_claimed_until) < now,
            )
        )
        .values(sweep_claimed_until=until)
    )
    return bool(result.rowcount == 1)


async def release_chat(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    """The sweep is done with her chat: its claim goes, and her chat id too when the bot
    remembers no message there any more (the next step she takes notes it again)."""
    remembered = exists().where(col(ChatMessage.survivor_id) == survivor_id)
    await session.exec(  # type: ignore[call-overload]
        update(Survivor)
        .where(col(Survivor.id) == survivor_id)
        .values(
            sweep_claimed_until=None,
            chat_enc=case((remembered, col(Survivor.chat_enc)), else_=None),
        )
    )


async def to_sweep(
    *, session: AsyncSession, survivor_id: uuid.UUID, cutoff: datetime
) -> tuple[bytes | None, list[int]]:
    """Her encrypted chat id and the ids that may go; none if her chat is no longer quiet
    (she wrote again after it was found)."""
    survivor = await session.get(Survivor, survivor_id)
    if survivor is None or survivor.chat_enc is None:
        return None, []
    newest = (
        await session.exec(
            select(func.max(ChatMessage.created_at)).where(ChatMessage.survivor_id == survivor_id)
        )
    ).one()
    if newest is None or newest >= cutoff:
        return survivor.chat_enc, []
    ids = await session.exec(
        select(ChatMessage.message_id)
        .where(ChatMessage.survivor_id == survivor_id)
        .where(_may_go(cutoff))  # type: ignore[arg-type]
        .order_by(col(ChatMessage.message_id))
    )
    return survivor.chat_enc, list(ids.all())


async def forget_messages(
    *, session: AsyncSession, survivor_id: uuid.UUID, message_ids: Sequence[int]
) -> None:
    """The swept ids are forgotten, whether Telegram deleted them or refused to."""
    if not message_ids:
        return
    await session.exec(  # type: ignore[call-overload]
        delete(ChatMessage)
        .where(col(ChatMessage.survivor_id) == survivor_id)
        .where(col(ChatMessage.message_id).in_(list(message_ids)))
        .where(~col(ChatMessage.kept))
    )


async def note_chat(*, session: AsyncSession, survivor_id: uuid.UUID, chat_enc: bytes) -> None:
    """Keep her chat id (encrypted) for the sweep, once."""
    await session.exec(  # type: ignore[call-overload]
        update(Survivor)
        .where(col(Survivor.id) == survivor_id)
        .where(col(Survivor.chat_enc).is_(None))
        .values(chat_enc=chat_enc)
    )


async def keep_message(
    *, session: AsyncSession, survivor_id: uuid.UUID, notice_for: uuid.UUID
) -> bool:
    """She keeps a service's message: the sweep leaves it (she can still delete it)."""
    result = await session.exec(  # type: ignore[call-overload]
        update(ChatMessage)
        .where(col(ChatMessage.survivor_id) == survivor_id)
        .where(col(ChatMessage.notice_for) == notice_for)
        .values(kept=True)
    )
    return bool(result.rowcount)
