"""Flood control per survivor: a calm answer once, then quiet, while others go on.

With several replicas the counters live in Redis so every replica sees the same
count; on one machine they live in memory. If Redis is unreachable the guard
lets updates through: refusing a survivor help is worse than a flood.
"""

from __future__ import annotations

import enum
import logging
import time
from typing import Protocol

log = logging.getLogger(__name__)


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first update over the limit: tell her calmly to slow down
    DROP = "drop"  # later ones in the same window: say nothing more


class FloodGuard(Protocol):
    async def check(self, key: str) -> Verdict: ...


def _verdict(count: int, limit: int) -> Verdict:
    if count <= limit:
        return Verdict.ALLOW
    return Verdict.WARN if count == limit + 1 else Verdict.DROP


class MemoryFloodGuard:
    """Fixed windows in process memory (one replica, or tests)."""

    def __init__(self, *, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._counts: dict[tuple[str, int], int] = {}

    async def check(self, key: str) -> Verdict:
        window = int(time.monotonic() // self.window)
        if len(self._counts) > 10_000:
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
        count = self._counts.get((key, window), 0) + 1
        self._counts[(key, window)] = count
        return _verdict(count, self.limit)


# One round trip and one command per update: count, and set the expiry on the first.
_COUNT_IN_WINDOW = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


class RedisFloodGuard:
    """Fixed windows in Redis, shared by every replica."""

    def __init__(self, url: str, *, limit: int, window_seconds: float) -> None:
        import redis.asyncio as redis

        self.limit = limit
        self.window = window_seconds
        self._redis = redis.from_url(url)
        self._count = self._redis.register_script(_COUNT_IN_WINDOW)

    async def check(self, key: str) -> Verdict:
        window = int(time.time() // self.window)
        name = "safe-report:flood:{}:{}".format(key[:32], window)
        try:
            count = await self._count(keys=[name], args=[int(self.window * 2) + 1])
        except Exception as exc:
            log.warning(
                "flood guard unavailable (%s); letting the update through", type(exc).__name__
            )
            return Verdict.ALLOW
        return _verdict(int(count), self.limit)

    async def close(self) -> None:
        await self._redis.aclose()


def build_flood_guard(
    *, redis_url: str | None, limit: int, window_seconds: float
) -> MemoryFloodGuard | RedisFloodGuard:
    if redis_url:
        return RedisFloodGuard(redis_url, limit=limit, window_seconds=window_seconds)
    return MemoryFloodGuard(limit=limit, window_seconds=window_seconds)
