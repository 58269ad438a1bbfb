"""Stopping a task for certain, on Python 3.11.

`asyncio.wait_for` before 3.12 can swallow a cancellation that arrives just as the
thing it waits for completes (CPython gh-86296); SQLAlchemy's pool, Redis and PTB
use it. A background loop that lost its cancellation runs on, and a shutdown that
awaits it never ends: a process that cannot stop, a test that hangs in teardown.
So a task is cancelled again until it has ended.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)

RECANCEL_EVERY_S = 1.0


async def stop(task: asyncio.Task[Any], *, every_s: float = RECANCEL_EVERY_S) -> None:
    """Cancel `task` and wait until it has ended, cancelling again while it runs on.

    What it ended with (cancelled, returned, raised) is left on the task for the caller.
    """
    task.cancel()
    while True:
        await asyncio.wait({task}, timeout=every_s)
        if task.done():
            return
        log.warning("a task ran on after its cancellation (%s); cancelled again", task.get_name())
        task.cancel()


async def stop_all(
    tasks: Iterable[asyncio.Task[Any]], *, every_s: float = RECANCEL_EVERY_S
) -> None:
    """Stop every task, together (one slow to end does not hold the others' cancellation)."""
    pending = list(tasks)
    for task in pending:
        task.cancel()
    await asyncio.gather(*(stop(task, every_s=every_s) for task in pending))


def failure_of(task: asyncio.Task[Any]) -> BaseException | None:
    """The exception a finished task raised, other than its cancellation."""
    if task.cancelled():
        return None
    return task.exception()
