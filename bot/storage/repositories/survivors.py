"""Survivors, their encrypted conversation state and their chat's message ids."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import ChatMessage, Conversation, ProcessedUpdate, Survivor
from bot.storage.types import utcnow


class StaleState(Exception):
    """Another worker saved this conversation first; reload and try again."""


async def get_or_create_survivor(
    *, session: AsyncSession, key_hash: str, language: str
) -> Survivor:
    found = (await session.exec(select(Survivor).where(Survivor.key_hash == key_hash))).first()
    if found is not None:
        return found
    survivor = Survivor(key_hash=key_hash, language=language)
    try:
        async with session.begin_nested():
            session.add(survivor)
    except IntegrityError:
        # A replica created her at the same moment.
        found = (await session.exec(select(Survivor).where(Survivor.key_hash == key_hash))).first()
        assert found is not None
        return found
    return survivor


async def get_survivor(*, session: AsyncSession, survivor_id: uuid.UUID) -> Survivor:
    survivor = await session.get(Survivor, survivor_id)
    if survivor is None:
        raise LookupError("survivor row vanished")
    return survivor


async def find_survivor(*, session: AsyncSession, key_hash: str) -> Survivor | None:
    return (await session.exec(select(Survivor).where(Survivor.key_hash == key_hash))).first()


async def load_conversation(
    *, session: AsyncSession, survivor_id: uuid.UUID
) -> Conversation | None:
    return (
        await session.exec(select(Conversation).where(Conversation.survivor_id == survivor_id))
    ).first()


async def save_conversation(
    *, session: AsyncSession, survivor_id: uuid.UUID, state_enc: bytes, expected_version: int | None
) -> int:
    """Write the state if nobody else wrote since we read it; return the new version."""
    if expected_version is None:
        try:
            async with session.begin_nested():
                session.add(Conversation(survivor_id=survivor_id, state_enc=state_enc, version=1))
        except IntegrityError as exc:
            raise StaleState() from exc
        return 1
    result = await session.exec(  # type: ignore[call-overload]
        update(Conversation)
        .where(Conversation.survivor_id == survivor_id)  # type: ignore[arg-type]
        .where(Conversation.version == expected_version)  # type: ignore[arg-type]
        .values(state_enc=state_enc, version=expected_version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise StaleState()
    return expected_version + 1


async def delete_conversation(*, session: AsyncSession, survivor_id: uuid.UUID) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(Conversation).where(Conversation.survivor_id == survivor_id)  # type: ignore[arg-type]
    )


def _insert_ignoring_duplicates(session: AsyncSession, table: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING for the session's engine (PostgreSQL or SQLite)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return pg_insert(table).on_conflict_do_nothing()
    return sqlite_insert(table).on_conflict_do_nothing()


async def claim_update(*, session: AsyncSession, update_id: int) -> bool:
    """True the first time an update id is seen, False for a redelivery (one round trip)."""
    statement = _insert_ignoring_duplicates(session, ProcessedUpdate).values(
        update_id=update_id, processed_at=utcnow()
    )
    result = await session.exec(statement)
    return bool(result.rowcount == 1)


async def remember_messages(
    *, session: AsyncSession, survivor_id: uuid.UUID, message_ids: list[int]
) -> None:
    rows = [
        {"id": uuid.uuid4(), "survivor_id": survivor_id, "message_id": m, "created_at": utcnow()}
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
