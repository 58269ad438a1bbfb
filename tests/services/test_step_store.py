"""The step store is chosen once, by the engine: on PostgreSQL the common step takes the
two-statement asyncpg path, anything else one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import Application
from bot.flows.events import Command, Press, Text
from bot.services.step_store import TransactionalStepStore
from bot.services.step_store_pg import PgStepStore


async def test_the_store_follows_the_engine(app: Application, backend: str) -> None:
    store = app.conversations.store
    if backend == "postgres":
        assert isinstance(store, PgStepStore) and app.conversations.pg_steps is store.steps
    else:
        assert isinstance(store, TransactionalStepStore) and app.conversations.pg_steps is None


async def test_on_postgres_only_the_common_step_skips_the_transaction(
    app: Application, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgres":
        pytest.skip("the fast path is PostgreSQL's")
    store = app.conversations.store
    assert isinstance(store, PgStepStore)
    taken: list[str] = []

    def counting(name: str, method: Any) -> Any:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            taken.append(name)
            return await method(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        store.steps, "write_claimed_step", counting("fast", store.steps.write_claimed_step)
    )
    transactional = store._transactional
    monkeypatch.setattr(
        transactional, "take_step", counting("transaction", transactional.take_step)
    )
    events = [
        Command("start"),  # her first message: she is added, in a transaction
        Press("country:rs"),  # only answers her and moves her on: the fast path
        Press("safety:yes"),
        Command("help"),
        Command("language"),
        Press("language:sq"),  # a new language is written with her row: a transaction
        Text("hello"),  # joins her draft: still only her state and an answer, the fast path
    ]
    for update_id, event in enumerate(events, start=1):
        await app.conversations.handle(
            update_id=update_id, telegram_user_id=77, chat_id=77, event=event
        )
    assert taken == ["transaction", "fast", "fast", "fast", "fast", "transaction", "fast"]
