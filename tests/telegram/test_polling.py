"""Polling confirms an update only once it and every earlier one was handled.

Against a stand-in for getUpdates that keeps updates until an offset confirms them,
as Telegram does. The end-to-end proof with a killed process, for both libraries,
is tests/telegram/test_crash.py.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from bot.telegram import polling


class Updates:
    """getUpdates: the unconfirmed updates, forgetting those below each offset given."""

    def __init__(self, count: int) -> None:
        self.waiting = list(range(1, count + 1))
        self.offsets: list[int | None] = []

    async def fetch(self, offset: int | None, wait_s: int) -> Sequence[int]:
        self.offsets.append(offset)
        if offset is not None:
            self.waiting = [u for u in self.waiting if u >= offset]
        await asyncio.sleep(0.001)
        return list(self.waiting[:100])


class Handler:
    def __init__(self) -> None:
        self.started: list[int] = []
        self.finished: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}

    def hold(self, update: int) -> asyncio.Event:
        self.gates[update] = asyncio.Event()
        return self.gates[update]

    async def __call__(self, update: int) -> None:
        self.started.append(update)
        gate = self.gates.get(update)
        if gate is not None:
            await gate.wait()
        self.finished.append(update)


async def settle(condition: object, within: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "never happened"
        await asyncio.sleep(0.005)


@contextlib.asynccontextmanager
async def polling_with(updates: Updates, handler: Handler):  # type: ignore[no-untyped-def]
    task = asyncio.create_task(
        polling.poll(updates.fetch, handler, lambda u: u, wait_s=1, busy_poll_s=0.01)
    )
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_an_update_in_hand_is_not_confirmed_and_a_later_one_runs_beside_it() -> None:
    updates, handler = Updates(3), Handler()
    gate = handler.hold(1)
    async with polling_with(updates, handler):
        await settle(lambda: handler.finished == [2, 3])  # 2 and 3 did not wait for 1
        await asyncio.sleep(0.05)
        assert 1 in updates.waiting  # neither 1 nor anything after it was confirmed
        assert max(o or 0 for o in updates.offsets) <= 1
        gate.set()
        await settle(lambda: not updates.waiting)  # now all three are confirmed
    assert sorted(handler.started) == [1, 2, 3]  # each handled once, though seen often


async def test_stopping_confirms_what_was_handled_and_leaves_the_rest() -> None:
    updates, handler = Updates(4), Handler()
    handler.hold(3)
    async with polling_with(updates, handler):
        await settle(lambda: sorted(handler.finished) == [1, 2, 4])
    # Stopped with 3 unfinished: 1 and 2 are confirmed, 3 and 4 will come again.
    assert updates.waiting == [3, 4]


async def test_a_handler_that_fails_is_logged_and_polling_goes_on() -> None:
    updates = Updates(2)
    handled: list[int] = []

    async def handle(update: int) -> None:
        handled.append(update)
        if update == 1:
            raise RuntimeError("boom")

    task = asyncio.create_task(
        polling.poll(updates.fetch, handle, lambda u: u, wait_s=1, busy_poll_s=0.01)
    )
    try:
        await settle(lambda: not updates.waiting)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert handled == [1, 2]
