"""Survivors, their encrypted conversation state and their chat's message ids."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.erasure import note_erasure
from bot.storage.models import ChatMessage, Conversation, Evidence, Survivor
from bot.storage.types import utcnow


class StaleState(Exception):
    """Another worker saved this conversation first; reload and try again."""


async def get_survivor(*, session: AsyncSession, survivor_id: uuid.UUID) -> Survivor:
    survivor = await session.get(Survivor, survivor_id)
    if survivor is None:
        raise LookupError("survivor row vanished")
    return survivor


async def find_survivor(*, session: AsyncSession, key_hash: str) -> Survivor | None:
    return (await session.exec(select(Survivor).where(Survivor.key_hash == key_hash))).first()


async def delete_conversation(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    """Her draft is dropped: its state and the files not (yet) part of a case."""
    await session.exec(  # type: ignore[call-overload]
        delete(Conversation).where(Conversation.survivor_id == survivor_id)  # type: ignore[arg-type]
    )
    await session.exec(  # type: ignore[call-overload]
        delete(Evidence)
        .where(Evidence.survivor_id == survivor_id)  # type: ignore[arg-type]
        .where(Evidence.case_id.is_(None))  # type: ignore[union-attr]
    )
    note_erasure(session)


def _insert_ignoring_duplicates(session: AsyncSession, table: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING for the session's engine (PostgreSQL or SQLite)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return pg_insert(table).on_conflict_do_nothing()
    return sqlite_insert(table).on_conflict_do_nothing()


async def remember_messages(
    *,
    session: AsyncSession,
    survivor_id: uuid.UUID,
    message_ids: list[int],
    notice_for: uuid.UUID | None = None,
) -> None:
    """Ids of messages in her chat; `notice_for` names the service's message or
    question a notice stands for (the sweep leaves it until she has read it)."""
    rows = [
        {
            "id": uuid.uuid4(),
            "survivor_id": survivor_id,
            "message_id": m,
            "created_at": utcnow(),
            "notice_for": notice_for,
            "kept": False,
        }
        for m in dict.fromkeys(message_ids)
    ]
    if rows:
        await session.exec(_insert_ignoring_duplicates(session, ChatMessage).values(rows))


async def take_message_ids(*, session: AsyncSession, survivor_id: uuid.UUID) -> list[int]:
    """Every remembered message id of her chat; forgotten once read (quick exit)."""
    ids = list(
        (
            await session.exec(
                select(ChatMessage.message_id).where(ChatMessage.survivor_id == survivor_id)
            )
        ).all()
    )
    await session.exec(  # type: ignore[call-overload]
        delete(ChatMessage).where(ChatMessage.survivor_id == survivor_id)  # type: ignore[arg-type]
    )
    return sorted(ids)
