"""Work a bot process does beside receiving updates, the same for every transport.

Caseworker replies, transfer questions and new-case alerts are delivered from
the database by a loop in every bot process (polling or webhook, either
library); the loops claim rows, so several replicas never send one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from bot.app import Application
from bot.services.delivery import Transport, build_delivery

log = logging.getLogger(__name__)

BackgroundJob = Callable[[Application, Transport], Coroutine[Any, Any, None]]


async def _delivery(app: Application, transport: Transport) -> None:
    await build_delivery(app).run(transport)


JOBS: list[BackgroundJob] = [_delivery]


@contextlib.asynccontextmanager
async def background_work(app: Application, transport: Transport) -> AsyncIterator[None]:
    """Run every background job until the block ends; a crashed job is logged, not fatal."""
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(job(app, transport)) for job in JOBS]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                try:
                    await task
                except Exception:
                    log.exception("a background job failed")
