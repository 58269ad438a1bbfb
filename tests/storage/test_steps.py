"""The step repository's few-round-trip statements (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import Application
from bot.storage.models import (
    ChatMessage,
    Conversation,
    PendingReply,
    ProcessedUpdate,
    Survivor,
)
from bot.storage.repositories import steps
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.types import utcnow


async def _survivor(app: Application, key: str = "s" * 64) -> uuid.UUID:
    async with app.engine.begin() as connection:
        survivor_id, _ = await steps.add_survivor(
            connection=connection, key_hash=key, language="sr", now=utcnow()
        )
    return survivor_id


async def _first_state(app: Application, survivor_id: uuid.UUID) -> None:
    """Her conversation at version 1, state b"one"."""
    async with app.engine.begin() as connection:
        await steps.write_step(
            connection=connection,
            survivor_id=survivor_id,
            state_enc=b"one",
            expected_version=None,
            pending=None,
            message_ids=[],
            now=utcnow(),
        )


def _pending(update_id: int) -> steps.PendingAnswer:
    return steps.PendingAnswer(
        update_id=update_id,
        chat_id_enc=b"chat",
        actions_enc=b"actions",
        claimed_until=utcnow() + timedelta(seconds=10),
    )


async def test_the_first_claim_loads_nobody_and_a_redelivery_is_recognised(
    app: Application,
) -> None:
    async with app.engine.begin() as connection:
        first = await steps.claim_and_load(
            connection=connection, update_id=1, key_hash="x" * 64, now=utcnow()
        )
    async with app.engine.begin() as connection:
        again = await steps.claim_and_load(
            connection=connection, update_id=1, key_hash="x" * 64, now=utcnow()
        )
    assert first == steps.Loaded(True, None, None, None, None)
    assert again.new_update is False


async def test_a_step_writes_state_pending_answer_and_message_ids_together(
    app: Application,
) -> None:
    survivor_id = await _survivor(app)
    async with app.engine.begin() as connection:
        await steps.write_step(
            connection=connection,
            survivor_id=survivor_id,
            state_enc=b"one",
            expected_version=None,
            pending=_pending(10),
            message_ids=[7, 7],
            now=utcnow(),
        )
    async with app.engine.begin() as connection:
        loaded = await steps.claim_and_load(
            connection=connection, update_id=11, key_hash="s" * 64, now=utcnow()
        )
        await steps.write_step(
            connection=connection,
            survivor_id=survivor_id,
            state_enc=b"two",
            expected_version=loaded.version,
            pending=None,
            message_ids=[8, 9],
            now=utcnow(),
        )
    assert (loaded.survivor_id, loaded.language, loaded.state_enc, loaded.version) == (
        survivor_id,
        "sr",
        b"one",
        1,
    )
    async with app.sessionmaker() as session:
        conversation = (await session.exec(select(Conversation))).one()
        pending = (await session.exec(select(PendingReply))).all()
        messages = (await session.exec(select(ChatMessage.message_id))).all()
    assert (conversation.state_enc, conversation.version) == (b"two", 2)
    assert [p.update_id for p in pending] == [10]
    assert sorted(messages) == [7, 8, 9]


async def test_a_stale_step_raises_and_its_transaction_leaves_nothing(app: Application) -> None:
    survivor_id = await _survivor(app)
    await _first_state(app, survivor_id)
    for expected in (None, 5):  # a second "first" write, and a version nobody wrote
        with pytest.raises(survivor_repo.StaleState):
            async with app.engine.begin() as connection:
                await steps.write_step(
                    connection=connection,
                    survivor_id=survivor_id,
                    state_enc=b"lost",
                    expected_version=expected,
                    pending=_pending(20),
                    message_ids=[30],
                    now=utcnow(),
                )
    async with app.sessionmaker() as session:
        conversation = (await session.exec(select(Conversation))).one()
        assert (await session.exec(select(PendingReply))).all() == []
        assert (await session.exec(select(ChatMessage))).all() == []
    assert (conversation.state_enc, conversation.version) == (b"one", 1)


async def test_acknowledging_clears_the_pending_answer_and_remembers_the_sent_ids(
    app: Application,
) -> None:
    survivor_id = await _survivor(app)
    async with app.engine.begin() as connection:
        await steps.keep_pending(
            connection=connection, survivor_id=survivor_id, pending=_pending(40), now=utcnow()
        )
        await steps.keep_pending(
            connection=connection, survivor_id=survivor_id, pending=_pending(41), now=utcnow()
        )
    async with app.engine.begin() as connection:
        await steps.acknowledge(
            connection=connection,
            update_id=40,
            survivor_id=survivor_id,
            message_ids=[100, 101, 100],
            now=utcnow(),
        )
        await steps.acknowledge(
            connection=connection, update_id=41, survivor_id=None, message_ids=[], now=utcnow()
        )
    async with app.sessionmaker() as session:
        assert (await session.exec(select(PendingReply))).all() == []
        messages = (await session.exec(select(ChatMessage.message_id))).all()
    assert sorted(messages) == [100, 101]


async def _claimed_step(
    app: Application, *, update_id: int, survivor_id: uuid.UUID, version: int, state: bytes
) -> None:
    pg = app.conversations.pg_steps
    assert pg is not None
    await pg.write_claimed_step(
        update_id=update_id,
        survivor_id=survivor_id,
        state_enc=state,
        expected_version=version,
        pending=_pending(update_id),
        message_ids=[update_id * 10],
        now=utcnow(),
    )


async def _counts(app: Application) -> tuple[int, int, int]:
    async with app.sessionmaker() as session:
        claims = len((await session.exec(select(ProcessedUpdate))).all())
        pending = len((await session.exec(select(PendingReply))).all())
        messages = len((await session.exec(select(ChatMessage))).all())
    return claims, pending, messages


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_claimed_step_writes_everything_once_outside_a_transaction(
    app: Application,
) -> None:
    survivor_id = await _survivor(app)
    await _first_state(app, survivor_id)
    pg = app.conversations.pg_steps
    assert pg is not None
    before = await pg.peek(update_id=60, key_hash="s" * 64)
    await _claimed_step(app, update_id=60, survivor_id=survivor_id, version=1, state=b"two")
    after = await pg.peek(update_id=60, key_hash="s" * 64)
    assert (before.new_update, before.version) == (True, 1)
    assert (after.new_update, after.version, after.state_enc) == (False, 2, b"two")
    # The same update again, even with the current version: nothing is written.
    with pytest.raises(survivor_repo.StaleState):
        await _claimed_step(app, update_id=60, survivor_id=survivor_id, version=2, state=b"x")
    assert await _counts(app) == (1, 1, 1)


@pytest.mark.parametrize("backend", ["postgres"])
async def test_of_two_racing_claimed_steps_exactly_one_writes(app: Application) -> None:
    survivor_id = await _survivor(app)
    await _first_state(app, survivor_id)
    results = await asyncio.gather(
        *(
            _claimed_step(app, update_id=70 + i, survivor_id=survivor_id, version=1, state=b"r")
            for i in range(6)
        ),
        return_exceptions=True,
    )
    assert sum(r is None for r in results) == 1
    assert all(isinstance(r, survivor_repo.StaleState) for r in results if r is not None)
    assert await _counts(app) == (1, 1, 1)
    assert app.conversations.pg_steps is not None
    loaded = await app.conversations.pg_steps.peek(update_id=99, key_hash="s" * 64)
    assert loaded.version == 2


async def test_her_row_is_created_once_whoever_comes_first(app: Application) -> None:
    async with app.engine.begin() as connection:
        first = await steps.add_survivor(
            connection=connection, key_hash="n" * 64, language="mk", now=utcnow()
        )
    async with app.engine.begin() as connection:
        again = await steps.add_survivor(
            connection=connection, key_hash="n" * 64, language="en", now=utcnow()
        )
    assert first == again and first[1] == "mk"
    async with app.sessionmaker() as session:
        rows = (await session.exec(select(Survivor))).all()
    assert len(rows) == 1 and rows[0].created_at.tzinfo is not None
