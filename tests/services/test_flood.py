"""A flood from one survivor gets one calm answer; others, and Exit, are unaffected."""

from __future__ import annotations

import os

import pytest

from bot.app import Application
from bot.flows.actions import Send
from bot.flows.events import Command, Press, Text
from bot.services.flood import MemoryFloodGuard, RedisFloodGuard, Verdict
from tests.helpers.databases import REDIS_ENV, require_or_skip


async def test_memory_guard_warns_once_then_drops() -> None:
    guard = MemoryFloodGuard(limit=3, window_seconds=60)
    verdicts = [await guard.check("a") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert await guard.check("b") is Verdict.ALLOW


async def test_redis_guard_is_shared_between_replicas() -> None:
    url = require_or_skip(REDIS_ENV, "Redis")
    one = RedisFloodGuard(url, limit=2, window_seconds=60)
    two = RedisFloodGuard(url, limit=2, window_seconds=60)
    key = "test-" + os.urandom(6).hex()
    try:
        assert await one.check(key) is Verdict.ALLOW
        assert await two.check(key) is Verdict.ALLOW
        assert await one.check(key) is Verdict.WARN
        assert await two.check(key) is Verdict.DROP
    finally:
        await one.close()
        await two.close()


async def test_unreachable_redis_lets_updates_through() -> None:
    guard = RedisFloodGuard("redis://127.0.0.1:1/0", limit=1, window_seconds=60)
    assert await guard.check("x") is Verdict.ALLOW
    await guard.close()


@pytest.fixture
def backend() -> str:
    return "sqlite"


async def test_flooding_survivor_is_slowed_and_others_are_not(app: Application) -> None:
    service = app.conversations
    service._flood = MemoryFloodGuard(limit=5, window_seconds=60)
    outcomes = []
    for n in range(8):
        outcomes.append(
            await service.handle(
                update_id=100 + n, telegram_user_id=1, chat_id=1, event=Text("spam {}".format(n))
            )
        )
    warnings = [o for o in outcomes if any(getattr(a, "step", "") == "flood" for a in o.actions)]
    assert len(warnings) == 1
    assert "very fast" in warnings[0].actions[0].text  # type: ignore[union-attr]
    other = await service.handle(
        update_id=200, telegram_user_id=2, chat_id=2, event=Command("start")
    )
    assert any(isinstance(a, Send) and a.step == "country" for a in other.actions)
    exit_outcome = await service.handle(
        update_id=300, telegram_user_id=1, chat_id=1, event=Press("x")
    )
    assert not exit_outcome.duplicate
    forget = await service.handle(
        update_id=301, telegram_user_id=1, chat_id=1, event=Command("forget")
    )
    assert any(isinstance(a, Send) and "deleted" in a.text for a in forget.actions)
