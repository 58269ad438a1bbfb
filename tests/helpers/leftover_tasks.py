"""Tasks a test left running are stopped for certain before its event loop closes.

pytest-asyncio closes a test's loop by cancelling every task still there once and
waiting for all of them without a limit; a task whose cancellation was swallowed
(Python 3.11's `wait_for`, see bot.tasks) held a whole CI run in teardown until the
timeout. Here each is cancelled again until it ends, within a limit, and named.
"""

from __future__ import annotations

import asyncio
import logging

from bot.tasks import stop_all

log = logging.getLogger(__name__)


async def stop_leftover_tasks(*, within_s: float = 15.0, every_s: float = 0.5) -> list[str]:
    """Stop every task of this loop but the caller's; the names of those that were left."""
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    names = [t.get_name() for t in left]
    if left:
        try:
            async with asyncio.timeout(within_s):
                await stop_all(left, every_s=every_s)
        except TimeoutError:
            log.warning("tasks still running after %.0f s of cancelling: %s", within_s, names)
    return names
