"""Outbound pacing within Telegram's limits: about one message a second per chat
(short bursts allowed) and about thirty a second overall.

With several replicas the counters are shared in Redis, so together they stay
under the bot's limit; on one machine they are kept in memory. Redis never sees
a chat id: each chat is named by a keyed hash (HMAC with a key derived from the
server secret, as the database names survivors), so neither its keys nor its
append-only file can tell anyone who is writing to the bot. `retry_after` on
a 429 is still honoured by the delivery code: this only avoids provoking it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from typing import Protocol

log = logging.getLogger(__name__)

PER_CHAT_BURST = 3
PER_CHAT_PER_SECOND = 1.0
OVERALL_PER_SECOND = 30


class SendLimiter(Protocol):
    async def acquire(self, chat_id: int, count: int = 1) -> None:
        """Wait until `count` more messages may go to this chat (one call per answer)."""
        ...


def _chunks(count: int, burst: int) -> list[int]:
    """More than a burst at once can never fit: take them a burst at a time."""
    size = max(1, burst)
    return [min(size, count - start) for start in range(0, count, size)]


class MemorySendLimiter:
    """Token buckets in process memory."""

    def __init__(
        self,
        *,
        per_chat_burst: int = PER_CHAT_BURST,
        per_chat_rate: float = PER_CHAT_PER_SECOND,
        overall_rate: int = OVERALL_PER_SECOND,
    ) -> None:
        self.per_chat_burst = per_chat_burst
        self.per_chat_rate = per_chat_rate
        self.overall_rate = overall_rate
        self._chats: dict[int, tuple[float, float]] = {}
        self._overall: tuple[float, float] = (float(overall_rate), time.monotonic())
        self._lock = asyncio.Lock()

    def _take(self, chat_id: int, now: float, count: int) -> float:
        """Take `count` tokens from both buckets, or return how long to wait."""
        tokens, stamp = self._chats.get(chat_id, (float(self.per_chat_burst), now))
        tokens = min(self.per_chat_burst, tokens + (now - stamp) * self.per_chat_rate)
        overall, overall_stamp = self._overall
        overall = min(self.overall_rate, overall + (now - overall_stamp) * self.overall_rate)
        if tokens >= count and overall >= count:
            self._chats[chat_id] = (tokens - count, now)
            self._overall = (overall - count, now)
            if len(self._chats) > 50_000:
                self._chats = {k: v for k, v in self._chats.items() if now - v[1] < 60}
            return 0.0
        self._chats[chat_id] = (tokens, now)
        self._overall = (overall, now)
        wait_chat = 0.0 if tokens >= count else (count - tokens) / self.per_chat_rate
        wait_all = 0.0 if overall >= count else (count - overall) / self.overall_rate
        return max(wait_chat, wait_all)

    async def acquire(self, chat_id: int, count: int = 1) -> None:
        for chunk in _chunks(count, min(self.per_chat_burst, self.overall_rate)):
            while True:
                async with self._lock:
                    wait = self._take(chat_id, time.monotonic(), chunk)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)


# Both counters of this second in one command (atomic, one round trip per message).
_COUNT_CHAT_AND_ALL = """
local chat = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], 5)
local all = redis.call('INCRBY', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], 5)
return {chat, all}
"""


class RedisSendLimiter:
    """One-second windows in Redis, shared by every replica."""

    def __init__(
        self,
        url: str,
        *,
        chat_key_secret: bytes,
        per_chat_burst: int = PER_CHAT_BURST,
        overall_rate: int = OVERALL_PER_SECOND,
    ) -> None:
        import redis.asyncio as redis

        if len(chat_key_secret) < 32:
            raise ValueError("the key that hashes chat ids must be at least 32 bytes")
        self._chat_key_secret = chat_key_secret
        self.per_chat_burst = per_chat_burst
        self.overall_rate = overall_rate
        self._redis = redis.from_url(url)
        self._count = self._redis.register_script(_COUNT_CHAT_AND_ALL)

    def chat_name(self, chat_id: int) -> str:
        """The chat's name in Redis: a keyed hash, never the id itself."""
        digest = hmac.new(self._chat_key_secret, str(chat_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    async def acquire(self, chat_id: int, count: int = 1) -> None:
        for chunk in _chunks(count, min(self.per_chat_burst, self.overall_rate)):
            if not await self._acquire(chat_id, chunk):
                return

    async def _acquire(self, chat_id: int, count: int) -> bool:
        """False when Redis is unreachable (the rest is then sent unpaced)."""
        for _ in range(600):  # at most about ten minutes, then send anyway
            second = int(time.time())
            chat_key = "safe-report:out:c:{}:{}".format(self.chat_name(chat_id), second)
            all_key = "safe-report:out:all:{}".format(second)
            try:
                chat_count, all_count = await self._count(keys=[chat_key, all_key], args=[count])
            except Exception as exc:
                log.warning("send limiter unavailable (%s); sending unpaced", type(exc).__name__)
                return False
            if int(chat_count) <= self.per_chat_burst and int(all_count) <= self.overall_rate:
                return True
            await asyncio.sleep(max(0.01, second + 1 - time.time()))
        return True

    async def close(self) -> None:
        await self._redis.aclose()


def build_send_limiter(
    *,
    redis_url: str | None,
    secret: bytes,
    chat_burst: int,
    chat_rate: float,
    overall_rate: int,
) -> MemorySendLimiter | RedisSendLimiter:
    """`secret`: the server secret; Redis names chats by a hash under a key derived from it."""
    if redis_url:
        from bot.storage.crypto import derive_key

        return RedisSendLimiter(
            redis_url,
            chat_key_secret=derive_key(secret, "redis-chat-hmac"),
            per_chat_burst=chat_burst,
            overall_rate=overall_rate,
        )
    return MemorySendLimiter(
        per_chat_burst=chat_burst, per_chat_rate=chat_rate, overall_rate=overall_rate
    )
