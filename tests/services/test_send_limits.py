"""Outbound pacing: bursts per chat, then the per-chat rate; the overall rate shared."""

from __future__ import annotations

import asyncio
import os
import time

from bot.services.send_limits import MemorySendLimiter, RedisSendLimiter
from tests.helpers.databases import REDIS_ENV, require_or_skip

KEY = b"k" * 32


async def timed(limiter: MemorySendLimiter | RedisSendLimiter, chats: list[int]) -> float:
    started = time.monotonic()
    for chat in chats:
        await limiter.acquire(chat)
    return time.monotonic() - started


async def test_one_chat_gets_a_burst_then_the_rate() -> None:
    limiter = MemorySendLimiter(per_chat_burst=3, per_chat_rate=10.0, overall_rate=1000)
    assert await timed(limiter, [1, 1, 1]) < 0.05  # the burst
    assert await timed(limiter, [1, 1, 1, 1]) >= 0.3  # then ten a second


async def test_other_chats_are_not_held_up_by_one() -> None:
    limiter = MemorySendLimiter(per_chat_burst=1, per_chat_rate=1.0, overall_rate=1000)
    await limiter.acquire(1)
    assert await timed(limiter, [2, 3, 4, 5]) < 0.05


async def test_the_overall_rate_binds_across_chats() -> None:
    limiter = MemorySendLimiter(per_chat_burst=5, per_chat_rate=100.0, overall_rate=20)
    assert await timed(limiter, list(range(40))) >= 0.9  # 20 in the bucket, 20 more at 20/s


async def test_replicas_share_the_limit_in_redis() -> None:
    url = require_or_skip(REDIS_ENV, "Redis")
    one = RedisSendLimiter(url, chat_key_secret=KEY, per_chat_burst=2, overall_rate=1000)
    two = RedisSendLimiter(url, chat_key_secret=KEY, per_chat_burst=2, overall_rate=1000)
    chat = int.from_bytes(os.urandom(4), "big")
    try:
        # Align to the start of a second so the window does not roll over mid-test.
        await asyncio.sleep(1 - (time.time() % 1) + 0.01)
        started = time.monotonic()
        await one.acquire(chat)
        await two.acquire(chat)
        assert time.monotonic() - started < 0.5
        await one.acquire(chat)  # third in the same second: waits for the next one
        assert time.monotonic() - started >= 0.5
    finally:
        await one.close()
        await two.close()


async def test_unreachable_redis_does_not_block_sending() -> None:
    limiter = RedisSendLimiter("redis://127.0.0.1:1/0", chat_key_secret=KEY)
    assert await timed(limiter, [1, 1, 1, 1]) < 5
    await limiter.close()


async def test_an_answer_of_several_messages_takes_its_tokens_at_once() -> None:
    limiter = MemorySendLimiter(per_chat_burst=3, per_chat_rate=10.0, overall_rate=1000)
    started = time.monotonic()
    await limiter.acquire(1, 3)  # the whole burst in one call
    assert time.monotonic() - started < 0.05
    await limiter.acquire(1, 2)  # two more at ten a second
    assert time.monotonic() - started >= 0.15


async def test_more_than_a_burst_is_taken_a_burst_at_a_time() -> None:
    limiter = MemorySendLimiter(per_chat_burst=2, per_chat_rate=20.0, overall_rate=1000)
    started = time.monotonic()
    await asyncio.wait_for(limiter.acquire(1, 5), timeout=2)  # never waits forever
    assert time.monotonic() - started >= 0.1  # three beyond the burst, at twenty a second


async def test_several_messages_count_as_several_in_redis() -> None:
    url = require_or_skip(REDIS_ENV, "Redis")
    limiter = RedisSendLimiter(url, chat_key_secret=KEY, per_chat_burst=3, overall_rate=1000)
    chat = int.from_bytes(os.urandom(4), "big")
    try:
        await asyncio.sleep(1 - (time.time() % 1) + 0.01)
        started = time.monotonic()
        await limiter.acquire(chat, 3)
        assert time.monotonic() - started < 0.5
        await limiter.acquire(chat, 1)  # the fourth in the same second waits
        assert time.monotonic() - started >= 0.5
    finally:
        await limiter.close()


async def test_redis_never_holds_a_chat_id() -> None:
    """Keys name a chat by a keyed hash: no key (and so no append-only entry) holds the id."""
    import redis.asyncio as redis

    url = require_or_skip(REDIS_ENV, "Redis")
    chat = 900_000_000 + int.from_bytes(os.urandom(3), "big")
    limiter = RedisSendLimiter(url, chat_key_secret=KEY, per_chat_burst=3, overall_rate=1000)
    client = redis.from_url(url)
    try:
        await limiter.acquire(chat, 2)
        names = [key.decode() async for key in client.scan_iter(match="safe-report:out:*")]
        ours = [n for n in names if limiter.chat_name(chat) in n]
        assert ours, names  # the chat's counter is there, under its hash
        assert not [n for n in names if str(chat) in n]
        values = [await client.get(n) for n in ours]
        assert all(str(chat).encode() not in (v or b"") for v in values)
    finally:
        await limiter.close()
        await client.aclose()


def test_the_chat_hash_depends_on_the_server_secret() -> None:
    one = RedisSendLimiter("redis://127.0.0.1:1/0", chat_key_secret=b"a" * 32)
    two = RedisSendLimiter("redis://127.0.0.1:1/0", chat_key_secret=b"b" * 32)
    assert one.chat_name(5551234) != two.chat_name(5551234)
    assert one.chat_name(5551234) == one.chat_name(5551234)
    assert "5551234" not in one.chat_name(5551234)
