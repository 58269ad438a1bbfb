"""Repositories on a fresh database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app import Application
from bot.storage.models import Survivor
from bot.storage.repositories import survivors as repo


async def test_an_update_is_claimed_once(app: Application) -> None:
    async with app.sessionmaker() as session, session.begin():
        assert await repo.claim_update(session=session, update_id=7) is True
    async with app.sessionmaker() as session, session.begin():
        assert await repo.claim_update(session=session, update_id=7) is False


async def test_a_stale_writer_is_refused(app: Application) -> None:
    async with app.sessionmaker() as session, session.begin():
        survivor = await repo.get_or_create_survivor(
            session=session, key_hash="k" * 64, language="en"
        )
        version = await repo.save_conversation(
            session=session, survivor_id=survivor.id, state_enc=b"one", expected_version=None
        )
    async with app.sessionmaker() as session, session.begin():
        await repo.save_conversation(
            session=session, survivor_id=survivor.id, state_enc=b"two", expected_version=version
        )
    with pytest.raises(repo.StaleState):
        async with app.sessionmaker() as session, session.begin():
            await repo.save_conversation(
                session=session, survivor_id=survivor.id, state_enc=b"3", expected_version=version
            )


async def test_get_or_create_is_idempotent(app: Application) -> None:
    for _ in range(2):
        async with app.sessionmaker() as session, session.begin():
            await repo.get_or_create_survivor(session=session, key_hash="h" * 64, language="sq")
    async with app.sessionmaker() as session:
        rows = (await session.exec(select(Survivor))).all()
    assert len(rows) == 1 and rows[0].language == "sq"
    assert rows[0].created_at.tzinfo is not None


async def test_message_ids_are_taken_once(app: Application) -> None:
    async with app.sessionmaker() as session, session.begin():
        survivor = await repo.get_or_create_survivor(
            session=session, key_hash="m" * 64, language="en"
        )
        await repo.remember_messages(
            session=session, survivor_id=survivor.id, message_ids=[3, 1, 3]
        )
    async with app.sessionmaker() as session, session.begin():
        assert await repo.take_message_ids(session=session, survivor_id=survivor.id) == [1, 3]
    async with app.sessionmaker() as session, session.begin():
        assert await repo.take_message_ids(session=session, survivor_id=survivor.id) == []


def test_repository_functions_are_keyword_only() -> None:
    import inspect

    from bot.storage.repositories import cases, survivors

    for module in (cases, survivors):
        for name, fn in inspect.getmembers(module, inspect.iscoroutinefunction):
            if fn.__module__ != module.__name__:
                continue
            kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
            assert kinds <= {inspect.Parameter.KEYWORD_ONLY}, name
