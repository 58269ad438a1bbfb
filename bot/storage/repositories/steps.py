"""The reads and writes of one conversation step, in as few round trips as the engine allows.

Every update a survivor sends runs through here, so on PostgreSQL the claim of the
update id and the load of her state are one statement, and the state, the pending
answer and her message id are written by one more (data-modifying CTEs). SQLite has
no such CTEs, but it has no network either: there the same work is a few local
statements. Statements are built once per shape and engine, then only executed.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, bindparam, delete, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.models import ChatMessage, Conversation, PendingReply, ProcessedUpdate, Survivor
from bot.storage.repositories.survivors import StaleState

survivor_table = Survivor.__table__  # type: ignore[attr-defined]
conversation_table = Conversation.__table__  # type: ignore[attr-defined]
message_table = ChatMessage.__table__  # type: ignore[attr-defined]
pending_table = PendingReply.__table__  # type: ignore[attr-defined]
processed_table = ProcessedUpdate.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Loaded:
    """What one step starts from: was the update new, and who is she, where was she.

    `new_update` is True when this update id had not been handled before (and, from
    `claim_and_load`, is now claimed by the caller's transaction).
    """

    new_update: bool
    survivor_id: uuid.UUID | None
    language: str | None
    state_enc: bytes | None
    version: int | None
    # Her chat id is on her row (the quiet-period sweep needs it while her chat has
    # messages); the fast path leaves a step without it to the transactional store.
    has_chat: bool = True


@dataclass(frozen=True)
class PendingAnswer:
    """The answer owed for an update, sealed, kept until Telegram accepted it."""

    update_id: int
    chat_id_enc: bytes
    actions_enc: bytes
    claimed_until: datetime


def _dialect(connection: AsyncConnection) -> str:
    return connection.dialect.name


def _insert(dialect: str, table: Any) -> Any:
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


@functools.cache
def _claim_statement(dialect: str) -> Executable:
    return (
        _insert(dialect, processed_table)
        .values(update_id=bindparam("b_update"), processed_at=bindparam("b_now"))
        .on_conflict_do_nothing()
    )


@functools.cache
def _load_statement() -> Executable:
    return (
        select(
            survivor_table.c.id,
            survivor_table.c.language,
            conversation_table.c.state_enc,
            conversation_table.c.version,
        )
        .select_from(survivor_table)
        .outerjoin(conversation_table, conversation_table.c.survivor_id == survivor_table.c.id)
        .where(survivor_table.c.key_hash == bindparam("b_key"))
    )


@functools.cache
def _claim_and_load_statement() -> Executable:
    """PostgreSQL: claim the update id and read her row in one round trip."""
    claim = (
        pg_insert(processed_table)
        .values(update_id=bindparam("b_update"), processed_at=bindparam("b_now"))
        .on_conflict_do_nothing()
        .returning(processed_table.c.update_id)
        .cte("claim")
    )
    anchor = select(literal(1).label("anchor")).subquery("anchor")
    joined = anchor.outerjoin(
        survivor_table, survivor_table.c.key_hash == bindparam("b_key")
    ).outerjoin(conversation_table, conversation_table.c.survivor_id == survivor_table.c.id)
    return select(
        select(func.count()).select_from(claim).scalar_subquery().label("claimed"),
        survivor_table.c.id,
        survivor_table.c.language,
        conversation_table.c.state_enc,
        conversation_table.c.version,
    ).select_from(joined)


async def claim_and_load(
    *, connection: AsyncConnection, update_id: int, key_hash: str, now: datetime
) -> Loaded:
    """Claim the update (False for a redelivery) and load her survivor row and state."""
    params = {"b_update": update_id, "b_key": key_hash, "b_now": now}
    if _dialect(connection) == "postgresql":
        row = (await connection.execute(_claim_and_load_statement(), params)).one()
        claimed = bool(row.claimed)
    else:
        result = await connection.execute(_claim_statement("sqlite"), params)
        claimed = result.rowcount == 1
        found = (await connection.execute(_load_statement(), params)).first()
        if found is None:
            return Loaded(claimed, None, None, None, None)
        row = found
    return Loaded(claimed, row.id, row.language, row.state_enc, row.version)


@functools.cache
def peek_statement() -> Executable:
    """PostgreSQL: her row and state, and whether the update was handled, read only."""
    anchor = select(literal(1).label("anchor")).subquery("anchor")
    joined = anchor.outerjoin(
        survivor_table, survivor_table.c.key_hash == bindparam("b_key")
    ).outerjoin(conversation_table, conversation_table.c.survivor_id == survivor_table.c.id)
    seen = exists().where(processed_table.c.update_id == bindparam("b_update"))
    return select(
        seen.label("seen"),
        survivor_table.c.id,
        survivor_table.c.language,
        conversation_table.c.state_enc,
        conversation_table.c.version,
        survivor_table.c.chat_enc.is_not(None).label("has_chat"),
    ).select_from(joined)


@functools.cache
def _conversation_write(dialect: str, *, first: bool) -> Any:
    if first:
        return (
            _insert(dialect, conversation_table)
            .values(
                id=bindparam("b_conversation"),
                survivor_id=bindparam("b_survivor"),
                state_enc=bindparam("b_state"),
                version=1,
                updated_at=bindparam("b_now"),
            )
            .on_conflict_do_nothing()
            .returning(conversation_table.c.version)
        )
    return (
        update(conversation_table)
        .where(conversation_table.c.survivor_id == bindparam("b_survivor"))
        .where(conversation_table.c.version == bindparam("b_expected"))
        .values(
            state_enc=bindparam("b_state"),
            version=bindparam("b_version"),
            updated_at=bindparam("b_now"),
        )
        .returning(conversation_table.c.version)
    )


@functools.cache
def _pending_insert() -> Any:
    return pending_table.insert().values(
        update_id=bindparam("b_pending_update"),
        survivor_id=bindparam("b_survivor"),
        chat_id_enc=bindparam("b_chat"),
        actions_enc=bindparam("b_actions"),
        claimed_until=bindparam("b_claimed_until"),
        created_at=bindparam("b_now"),
    )


@functools.cache
def message_insert(dialect: str, index: int) -> Any:
    """One remembered message id (single-row inserts are cacheable; multi-row are not)."""
    return (
        _insert(dialect, message_table)
        .values(
            id=bindparam("b_row_{}".format(index)),
            survivor_id=bindparam("b_survivor"),
            message_id=bindparam("b_message_{}".format(index)),
            created_at=bindparam("b_now"),
        )
        .on_conflict_do_nothing()
    )


@functools.cache
def _combined_write(*, first: bool, pending: bool, messages: int) -> Executable:
    """PostgreSQL: state, pending answer and message ids in one statement."""
    written = _conversation_write("postgresql", first=first).cte("written")
    parts: list[Any] = []
    if pending:
        parts.append(_pending_insert().cte("pending"))
    parts.extend(
        message_insert("postgresql", i).cte("message_{}".format(i)) for i in range(messages)
    )
    statement = select(func.count()).select_from(written)
    for part in parts:
        statement = statement.add_cte(part)
    return statement


def pending_params(pending: PendingAnswer) -> dict[str, Any]:
    return {
        "b_pending_update": pending.update_id,
        "b_chat": pending.chat_id_enc,
        "b_actions": pending.actions_enc,
        "b_claimed_until": pending.claimed_until,
    }


def message_params(message_ids: Sequence[int]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for i, message_id in enumerate(dict.fromkeys(message_ids)):
        params["b_row_{}".format(i)] = uuid.uuid4()
        params["b_message_{}".format(i)] = message_id
    return params


async def write_step(
    *,
    connection: AsyncConnection,
    survivor_id: uuid.UUID,
    state_enc: bytes,
    expected_version: int | None,
    pending: PendingAnswer | None,
    message_ids: Sequence[int],
    now: datetime,
) -> None:
    """Save her state if nobody wrote it since it was read (else StaleState), with the
    pending answer and the ids of her new messages, in the caller's transaction."""
    unique_ids = list(dict.fromkeys(message_ids))
    first = expected_version is None
    params: dict[str, Any] = {
        "b_survivor": survivor_id,
        "b_state": state_enc,
        "b_now": now,
        "b_conversation": uuid.uuid4(),
        "b_expected": expected_version,
        "b_version": (expected_version or 0) + 1,
        **message_params(unique_ids),
    }
    if pending is not None:
        params.update(pending_params(pending))
    dialect = _dialect(connection)
    if dialect == "postgresql":
        statement = _combined_write(
            first=first, pending=pending is not None, messages=len(unique_ids)
        )
        written = (await connection.execute(statement, params)).scalar_one()
    else:
        result = await connection.execute(_conversation_write(dialect, first=first), params)
        written = len(result.all())
        if written and pending is not None:
            await connection.execute(_pending_insert(), params)
        if written:
            for index in range(len(unique_ids)):
                await connection.execute(message_insert(dialect, index), params)
    if written != 1:
        raise StaleState()


@functools.cache
def claimed_step_statement(*, pending: bool, messages: int) -> Executable:
    """PostgreSQL: claim the update and write the step in one self-contained statement.

    Her state is written only if its version is the one read and the update was not
    handled meanwhile; the claim, the pending answer and her message id are written
    only if her state was. A concurrent writer holds her row until it commits, so
    the version check sees its write: at most one of two racing steps writes.
    """
    handled = exists().where(processed_table.c.update_id == bindparam("b_update"))
    written = (
        update(conversation_table)
        .where(conversation_table.c.survivor_id == bindparam("b_survivor"))
        .where(conversation_table.c.version == bindparam("b_expected"))
        .where(~handled)
        .values(
            state_enc=bindparam("b_state"),
            version=bindparam("b_version"),
            updated_at=bindparam("b_now"),
        )
        .returning(conversation_table.c.survivor_id)
        .cte("written")
    )
    claim = (
        pg_insert(processed_table)
        .from_select(
            ["update_id", "processed_at"],
            select(
                bindparam("b_update", type_=processed_table.c.update_id.type),
                bindparam("b_now", type_=processed_table.c.processed_at.type),
            ).select_from(written),
        )
        .on_conflict_do_nothing()
        .returning(processed_table.c.update_id)
        .cte("claim")
    )
    statement = select(
        select(func.count()).select_from(written).scalar_subquery().label("written"),
        select(func.count()).select_from(claim).scalar_subquery().label("claimed"),
    )
    if pending:
        statement = statement.add_cte(
            pending_table.insert()
            .from_select(
                [
                    "update_id",
                    "survivor_id",
                    "chat_id_enc",
                    "actions_enc",
                    "claimed_until",
                    "created_at",
                ],
                select(
                    bindparam("b_pending_update", type_=pending_table.c.update_id.type),
                    written.c.survivor_id,
                    bindparam("b_chat", type_=pending_table.c.chat_id_enc.type),
                    bindparam("b_actions", type_=pending_table.c.actions_enc.type),
                    bindparam("b_claimed_until", type_=pending_table.c.claimed_until.type),
                    bindparam("b_now", type_=pending_table.c.created_at.type),
                ).select_from(written),
            )
            .cte("pending")
        )
    for index in range(messages):
        statement = statement.add_cte(
            pg_insert(message_table)
            .from_select(
                ["id", "survivor_id", "message_id", "created_at"],
                select(
                    bindparam("b_row_{}".format(index), type_=message_table.c.id.type),
                    written.c.survivor_id,
                    bindparam("b_message_{}".format(index), type_=message_table.c.message_id.type),
                    bindparam("b_now", type_=message_table.c.created_at.type),
                ).select_from(written),
            )
            .on_conflict_do_nothing()
            .cte("message_{}".format(index))
        )
    return statement


@functools.cache
def pending_delete() -> Any:
    return delete(pending_table).where(pending_table.c.update_id == bindparam("b_update"))


@functools.cache
def acknowledge_statement(messages: int) -> Executable:
    """PostgreSQL: clear the pending answer and remember the sent ids in one statement."""
    statement = message_insert("postgresql", 0).add_cte(pending_delete().cte("cleared"))
    for index in range(1, messages):
        statement = statement.add_cte(message_insert("postgresql", index).cte("m{}".format(index)))
    return statement


async def acknowledge(
    *,
    connection: AsyncConnection,
    update_id: int | None,
    survivor_id: uuid.UUID | None,
    message_ids: Sequence[int],
    now: datetime,
) -> None:
    """The answer was sent: forget it was owed, remember its message ids (quick exit)."""
    params, count = acknowledgement(
        update_id=update_id, survivor_id=survivor_id, message_ids=message_ids, now=now
    )
    dialect = _dialect(connection)
    if dialect == "postgresql" and update_id is not None and count:
        await connection.execute(acknowledge_statement(count), params)
        return
    if update_id is not None:
        await connection.execute(pending_delete(), params)
    for index in range(count):
        await connection.execute(message_insert(dialect, index), params)


def acknowledgement(
    *,
    update_id: int | None,
    survivor_id: uuid.UUID | None,
    message_ids: Sequence[int],
    now: datetime,
) -> tuple[dict[str, Any], int]:
    """An acknowledgement's parameters, and how many message ids it records (none
    without her: after /forget nothing of hers is kept)."""
    unique_ids = list(dict.fromkeys(message_ids)) if survivor_id is not None else []
    params: dict[str, Any] = {"b_update": update_id, "b_survivor": survivor_id, "b_now": now}
    params.update(message_params(unique_ids))
    return params, len(unique_ids)


@functools.cache
def _language_update() -> Any:
    return (
        update(survivor_table)
        .where(survivor_table.c.id == bindparam("b_survivor"))
        .values(language=bindparam("b_language"))
    )


async def set_language(
    *, connection: AsyncConnection, survivor_id: uuid.UUID, language: str
) -> None:
    await connection.execute(
        _language_update(), {"b_survivor": survivor_id, "b_language": language}
    )


async def keep_pending(
    *, connection: AsyncConnection, survivor_id: uuid.UUID, pending: PendingAnswer, now: datetime
) -> None:
    """Keep an owed answer on its own (when her conversation row was just deleted)."""
    await connection.execute(
        _pending_insert(),
        {"b_survivor": survivor_id, "b_now": now, **pending_params(pending)},
    )


@functools.cache
def _survivor_insert(dialect: str) -> Any:
    return (
        _insert(dialect, survivor_table)
        .values(
            id=bindparam("b_survivor"),
            key_hash=bindparam("b_key"),
            language=bindparam("b_language"),
            created_at=bindparam("b_now"),
            last_seen_at=bindparam("b_now"),
        )
        .on_conflict_do_nothing()
        .returning(survivor_table.c.id, survivor_table.c.language)
    )


@functools.cache
def _survivor_by_key() -> Any:
    return select(survivor_table.c.id, survivor_table.c.language).where(
        survivor_table.c.key_hash == bindparam("b_key")
    )


async def add_survivor(
    *, connection: AsyncConnection, key_hash: str, language: str, now: datetime
) -> tuple[uuid.UUID, str]:
    """Her row, created on her first message (one round trip); if another replica
    created it at the same moment, that row. Returns (id, language)."""
    params = {"b_survivor": uuid.uuid4(), "b_key": key_hash, "b_language": language, "b_now": now}
    row = (await connection.execute(_survivor_insert(connection.dialect.name), params)).first()
    if row is None:
        row = (await connection.execute(_survivor_by_key(), params)).one()
    return row.id, row.language
