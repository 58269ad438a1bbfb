"""Password hashing off the event loop, and limits on sign-ins in flight.

Argon2id with 64 MiB and three passes takes a quarter of a second of CPU. Run
on the event loop, thirty sign-ins at once stall every other request of the
portal for seconds (the audit measured /healthz at 19.5 s). So every Argon2
call runs in a small thread pool of its own, and a sign-in that would exceed
the per-address or the global number in flight is refused at once (429)
instead of queueing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class TooManySignIns(Exception):
    """More sign-ins in flight than allowed, from this address or in all."""


class KdfPool:
    """A bounded pool for Argon2 (password hashes and key wrapping): memory stays at
    `threads` x 64 MiB whatever the load, and the event loop stays free."""

    def __init__(self, threads: int) -> None:
        self._threads = max(1, threads)
        self._executor: ThreadPoolExecutor | None = None

    async def run(self, work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._threads, thread_name_prefix="argon2")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: work(*args, **kwargs))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


class SignInGate:
    """Counts sign-ins in flight per client address and in all; refuses beyond the limits."""

    def __init__(self, *, per_address: int, at_once: int) -> None:
        self._per_address = per_address
        self._at_once = at_once
        self._by_address: Counter[str] = Counter()
        self._total = 0

    @contextlib.asynccontextmanager
    async def admit(self, address: str) -> AsyncIterator[None]:
        if self._total >= self._at_once or self._by_address[address] >= self._per_address:
            raise TooManySignIns()
        self._total += 1
        self._by_address[address] += 1
        try:
            yield
        finally:
            self._total -= 1
            self._by_address[address] -= 1
            if self._by_address[address] <= 0:
                del self._by_address[address]
