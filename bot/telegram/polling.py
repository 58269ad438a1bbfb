"""Long polling that confirms an update only once it has been handled, for both libraries.

Telegram forgets every update below the `offset` of the next getUpdates call. The
libraries' own polling loops (aiogram's `start_polling` with tasks,
python-telegram-bot's updater) ask for the next batch, and so confirm the last one,
as soon as they have handed it on: a process killed while handling an update loses
it. Here an update's offset is confirmed only when it, and every update before it,
was handled; a process that dies leaves its unfinished updates to be delivered again
(the update-id claim in the database makes a second run harmless).

Updates still run concurrently across survivors: each is handled in its own task,
and the conversation service keeps one survivor's updates in order (her lock). While
some are in flight, getUpdates returns them again (they are unconfirmed) together
with new ones; those already in hand are skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

U = TypeVar("U")

Fetch = Callable[[int | None, int], Awaitable[Sequence[U]]]
"""getUpdates(offset, timeout) in one library's terms."""
Handle = Callable[[U], Awaitable[None]]
"""Handle one update; failures are logged inside, never raised."""

BUSY_POLL_S = 0.05  # while updates are in flight, look for new ones at least this often
STOP_GRACE_S = 3.0  # on shutdown, let updates in hand finish for this long
MAX_BACKOFF_S = 5.0


class Ledger(Generic[U]):
    """The updates in hand, and the offset that confirms exactly those handled."""

    def __init__(self) -> None:
        self.in_flight: dict[int, asyncio.Task[None]] = {}
        self._handled_above: set[int] = set()  # done, but an earlier one is still running
        self._next: int | None = None  # one past the highest update seen
        self.progress = asyncio.Event()

    @property
    def offset(self) -> int | None:
        """Confirm everything below the earliest update still being handled."""
        if self.in_flight:
            return min(self.in_flight)
        return self._next

    @property
    def next_unseen(self) -> int | None:
        return self._next

    def is_new(self, update_id: int) -> bool:
        offset = self.offset
        if offset is not None and update_id < offset:
            return False  # confirmed already (a server that sends it anyway)
        return update_id not in self.in_flight and update_id not in self._handled_above

    def start(self, update_id: int, task: asyncio.Task[None]) -> None:
        self.in_flight[update_id] = task
        self._next = max(self._next or 0, update_id + 1)
        task.add_done_callback(lambda _t: self._finished(update_id))

    def _finished(self, update_id: int) -> None:
        self.in_flight.pop(update_id, None)
        offset = self.offset
        self._handled_above.add(update_id)
        if offset is not None:
            self._handled_above = {u for u in self._handled_above if u >= offset}
        self.progress.set()

    async def wait_for_progress(self, within_s: float) -> None:
        self.progress.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within_s):  # not wait_for: see bot.tasks
                await self.progress.wait()


async def poll(
    fetch: Fetch[U],
    handle: Handle[U],
    update_id: Callable[[U], int],
    *,
    wait_s: int,
    busy_poll_s: float = BUSY_POLL_S,
    ledger: Ledger[U] | None = None,
) -> None:
    """Fetch and handle updates until cancelled; `handle` must not raise (it logs)."""
    ledger = ledger or Ledger()
    loop = asyncio.get_running_loop()
    delay = 0.5
    try:
        while True:
            polled_at = loop.time()
            try:
                updates = await fetch(ledger.offset, 0 if ledger.in_flight else wait_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("getUpdates failed (%s); again in %.1f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_S)
                continue
            delay = 0.5
            for update in updates:
                number = update_id(update)
                if ledger.is_new(number):
                    ledger.start(number, asyncio.create_task(_guarded(handle, update)))
            # Busy, getUpdates answers at once (with the updates in hand): ask again only
            # every `busy_poll_s`, or as soon as nothing is in hand (a long poll again).
            while ledger.in_flight:
                remaining = polled_at + busy_poll_s - loop.time()
                if remaining <= 0:
                    break
                await ledger.wait_for_progress(remaining)
    finally:
        await _finish(fetch, ledger)


async def _guarded(handle: Handle[U], update: U) -> None:
    try:
        await handle(update)
    except Exception:
        log.exception("an update could not be handled")


async def _finish(fetch: Fetch[U], ledger: Ledger[U]) -> None:
    """Let the updates in hand finish briefly, then confirm what was handled (and no more:
    an update cut short is left for the next process)."""
    running = dict(ledger.in_flight)
    if running:
        await asyncio.wait(running.values(), timeout=STOP_GRACE_S)
    late = {number: task for number, task in running.items() if not task.done()}
    offset = min(late) if late else ledger.next_unseen
    for task in late.values():
        task.cancel()
    if late:
        await asyncio.wait(late.values(), timeout=STOP_GRACE_S)
    if offset is None:
        return
    with contextlib.suppress(Exception):
        async with asyncio.timeout(2.0):
            await fetch(offset, 0)
