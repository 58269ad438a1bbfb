"""A task that loses its cancellation (Python 3.11's wait_for race, gh-86296) is still
stopped: a teardown or a shutdown that awaited it once hung (CI, stop 21)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import pytest

from bot.app import Application
from bot.tasks import failure_of, stop, stop_all
from bot.telegram import background
from bot.telegram.background import background_work
from bot.telegram.delivery import BotPort


async def _loses_one_cancellation(ran_on: list[str]) -> None:
    """Like a loop whose wait_for swallowed the cancel: it goes on, then waits again."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        ran_on.append("swallowed")
    await asyncio.Event().wait()  # and waits again, for ever


async def test_a_task_that_swallowed_its_cancellation_is_cancelled_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran_on: list[str] = []
    task = asyncio.create_task(_loses_one_cancellation(ran_on))
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING, logger="bot.tasks"):
        await asyncio.wait_for(stop(task, every_s=0.05), timeout=5)
    assert ran_on == ["swallowed"] and task.cancelled()
    assert "cancelled again" in caplog.text


async def test_one_cancel_is_enough_for_a_well_behaved_task(
    caplog: pytest.LogCaptureFixture,
) -> None:
    task = asyncio.create_task(asyncio.sleep(3600))
    with caplog.at_level(logging.WARNING, logger="bot.tasks"):
        await stop(task, every_s=0.05)
    assert task.cancelled() and caplog.text == ""


async def test_what_a_task_raised_is_kept_for_the_caller() -> None:
    async def fails() -> None:
        raise RuntimeError("boom")

    tasks = [asyncio.create_task(fails()), asyncio.create_task(asyncio.sleep(3600))]
    await asyncio.sleep(0)
    await stop_all(tasks, every_s=0.05)
    failure = failure_of(tasks[0])
    assert isinstance(failure, RuntimeError) and failure_of(tasks[1]) is None


async def test_background_work_ends_though_a_job_lost_its_cancellation(
    app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran_on: list[str] = []

    async def stubborn(_app: Application, _port: BotPort) -> None:
        await _loses_one_cancellation(ran_on)

    monkeypatch.setattr(background, "JOBS", [stubborn])
    nothing_to_send = cast(BotPort, cast(Any, object()))
    async with background_work(app, nothing_to_send):
        await asyncio.sleep(0.05)
    assert ran_on == ["swallowed"]


async def test_a_task_a_test_leaves_behind_is_stopped_before_its_loop_closes() -> None:
    """This test leaves a task that swallows its first cancellation: without the
    conftest's leftover-task fixture, closing the loop waits for it for ever."""
    left = asyncio.create_task(_loses_one_cancellation([]), name="left-behind-on-purpose")
    await asyncio.sleep(0)
    assert not left.done()


async def test_leftover_tasks_are_named_and_stopped() -> None:
    from tests.helpers.leftover_tasks import stop_leftover_tasks

    ran_on: list[str] = []
    task = asyncio.create_task(_loses_one_cancellation(ran_on), name="stubborn")
    await asyncio.sleep(0)
    assert await stop_leftover_tasks(every_s=0.05) == ["stubborn"]
    assert task.cancelled() and ran_on == ["swallowed"]
