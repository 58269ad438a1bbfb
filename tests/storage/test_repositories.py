"""Repositories on a fresh database (SQLite and PostgreSQL)."""

from __future__ import annotations

from bot.app import Application
from bot.storage.repositories import steps
from bot.storage.repositories import survivors as repo
from bot.storage.types import utcnow


async def test_message_ids_are_taken_once(app: Application) -> None:
    async with app.engine.begin() as connection:
        survivor_id, _ = await steps.add_survivor(
            connection=connection, key_hash="m" * 64, language="en", now=utcnow()
        )
    async with app.sessionmaker() as session, session.begin():
        await repo.remember_messages(
            session=session, survivor_id=survivor_id, message_ids=[3, 1, 3]
        )
    async with app.sessionmaker() as session, session.begin():
        assert await repo.take_message_ids(session=session, survivor_id=survivor_id) == [1, 3]
    async with app.sessionmaker() as session, session.begin():
        assert await repo.take_message_ids(session=session, survivor_id=survivor_id) == []


def test_repository_functions_are_keyword_only() -> None:
    import inspect

    from bot.storage.repositories import cases, steps, survivors

    for module in (cases, steps, survivors):
        for name, fn in inspect.getmembers(module, inspect.iscoroutinefunction):
            if fn.__module__ != module.__name__:
                continue
            kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
            assert kinds <= {inspect.Parameter.KEYWORD_ONLY}, name
