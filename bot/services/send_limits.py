"""Outbound pacing within Telegram's limits: about one message a second per chat
(short bursts allowed) and about thirty a second overall.

With several replicas the counters are shared in Redis, so together they stay
under the bot's limit; on one machine they are kept in memory. `retry_after` on
a 429 is still honoured by the delivery code: this only avoids provoking it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

log = logging.getLogger(__name__)

PER_CHAT_BURST = 3
PER_CHAT_PER_SECOND = 1.0
OVERALL_PER_SECOND = 30


class SendLimiter(Protocol):
    async def acquire(self, chat_id: int) -> None: ...


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

    def _take(self, chat_id: int, now: float) -> float:
        """Take a token from both buckets, or return how long to wait."""
        tokens, stamp = self._chats.get(chat_id, (float(self.per_chat_burst), now))
        tokens = min(self.per_chat_burst, tokens + (now - stamp) * self.per_chat_rate)
        overall, overall_stamp = self._overall
        overall = min(self.overall_rate, overall + (now - overall_stamp) * self.overall_rate)
        if tokens >= 1 and overall >= 1:
            self._chats[chat_id] = (tokens - 1, now)
            self._overall = (overall - 1, now)
            if len(self._chats) > 50_000:
                self._chats = {k: v for k, v in self._chats.items() if now - v[1] < 60}
            return 0.0
        self._chats[chat_id] = (tokens, now)
        self._overall = (overall, now)
        wait_chat = 0.0 if tokens >= 1 else (1 - tokens) / self.per_chat_rate
        wait_all = 0.0 if overall >= 1 else (1 - overall) / self.overall_rate
        return max(wait_chat, wait_all)

    async def acquire(self, chat_id: int) -> None:
        while True:
            async with self._lock:
                wait = self._take(chat_id, time.monotonic())
            if wait <= 0:
                return
            await asyncio.sleep(wait)


class RedisSendLimiter:
    """One-second windows in Redis, shared by every replica."""

    def __init__(
        self,
        url: str,
        *,
        per_chat_burst: int = PER_CHAT_BURST,
        overall_rate: int = OVERALL_PER_SECOND,
    ) -> None:
        import redis.asyncio as redis

        self.per_chat_burst = per_chat_burst
        self.overall_rate = overall_rate
        self._redis = redis.from_url(url)

    async def acquire(self, chat_id: int) -> None:
        for _ in range(600):  # at most about ten minutes, then send anyway
            second = int(time.time())
            chat_key = "safe-report:out:c:{}:{}".format(chat_id, second)
            all_key = "safe-report:out:all:{}".format(second)
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    pipe.incr(chat_key)
                    pipe.expire(chat_key, 5)
                    pipe.incr(all_key)
                    pipe.expire(all_key, 5)
                    chat_count, _, all_count, _ = await pipe.execute()
            except Exception:
                log.warning("send limiter unavailable; sending unpaced")
                return
            if int(chat_count) <= self.per_chat_burst and int(all_count) <= self.overall_rate:
                return
            await asyncio.sleep(max(0.01, second + 1 - time.time()))

    async def close(self) -> None:
        await self._redis.aclose()


def build_send_limiter(
    *, redis_url: str | None, chat_burst: int, chat_rate: float, overall_rate: int
) -> MemorySendLimiter | RedisSendLimiter:
    if redis_url:
        return RedisSendLimiter(redis_url, per_chat_burst=chat_burst, overall_rate=overall_rate)
    return MemorySendLimiter(
        per_chat_burst=chat_burst, per_chat_rate=chat_rate, overall_rate=overall_rate
    )
