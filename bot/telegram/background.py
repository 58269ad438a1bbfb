"""Work a bot process does beside receiving updates, the same for every transport.

Caseworker replies, transfer questions and new-case alerts are delivered from
the database by a loop in every bot process (polling or webhook, either
library), paced and retried like her answers; the loops claim rows, so several
replicas never send one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any

from bot.services.application import Application
from bot.services.outcome import ChatUnreachable
from bot.services.quiet_sweep import Deleter
from bot.storage.retention import sweep_if_due
from bot.tasks import failure_of, stop_all
from bot.telegram.delivery import (
    BotPort,
    FailureKind,
    Rendered,
    delete_all,
    is_,
    paced_sender,
    render_outcome,
)

log = logging.getLogger(__name__)

BackgroundJob = Callable[[Application, BotPort], Coroutine[Any, Any, None]]


async def _delivery(app: Application, port: BotPort) -> None:
    await app.delivery.run(paced_sender(port, app.conversations.send_limiter))


async def _answers_owed(app: Application, port: BotPort, interval: float = 3.0) -> None:
    """Send answers a dead process committed but never sent (pending replies)."""
    service = app.conversations
    while True:
        try:
            for update_id, chat_id, outcome in await service.stale_pending():
                try:
                    rendered = await render_outcome(
                        port,
                        chat_id=chat_id,
                        outcome=outcome,
                        pressed=None,
                        limiter=service.send_limiter,
                    )
                except ChatUnreachable:
                    # Blocked: it can never arrive, so it is dropped, not retried forever.
                    log.info("an owed answer was dropped: her chat is unreachable")
                    rendered = Rendered()
                await service.remember_sent(
                    telegram_user_id=chat_id, message_ids=rendered.sent, update_id=update_id
                )
        except Exception:
            log.exception("sending owed answers failed; will retry")
        await asyncio.sleep(interval)


RETENTION_EVERY = 300.0  # seconds; the first sweep waits as long, so a start is quick


async def _retention(app: Application, port: BotPort) -> None:
    """Expire abandoned drafts and compact the database when due (`safe-report sweep`
    does the same from cron); the schedule is in the database, so replicas and
    restarts neither repeat nor postpone it. The first sweep waits a round: compaction
    on PostgreSQL is heavy, and a process that just started has other work first."""
    retention = timedelta(days=app.settings.draft_retention_days)
    while True:
        await asyncio.sleep(RETENTION_EVERY)
        try:
            await sweep_if_due(
                engine=app.engine, sessionmaker=app.sessionmaker, retention=retention
            )
        except Exception:
            log.exception("the retention sweep failed; will retry")


QUIET_SWEEP_EVERY = 60.0  # seconds: a chat is cleared within a minute of its quiet period


def sweep_deleter(port: BotPort) -> Deleter:
    """Deletions for the quiet-period sweep: in batches, one by one where Telegram
    refuses a batch. What Telegram refuses (the 48 hours; she blocked the bot) is not
    retried: the sweep forgets those ids. Only a failure to reach Telegram raises."""

    async def delete(chat_id: int, message_ids: list[int]) -> None:
        try:
            left = await delete_all(port, chat_id, message_ids)
        except Exception as exc:
            if not is_(port, exc, FailureKind.FORBIDDEN, FailureKind.REJECTED):
                raise
            log.info("the quiet-period sweep could not reach her chat; ids forgotten")
            return
        if left:
            log.info("the quiet-period sweep left %d message(s) Telegram refused", len(left))

    return delete


async def _quiet_sweep(app: Application, port: BotPort) -> None:
    """Clear every chat quiet for the set period, before Telegram's 48 hours run out;
    the ids are in the database, so restarts and replicas neither lose nor repeat it."""
    await app.quiet.run(sweep_deleter(port), interval=QUIET_SWEEP_EVERY)


JOBS: list[BackgroundJob] = [_delivery, _answers_owed, _retention, _quiet_sweep]


@contextlib.asynccontextmanager
async def background_work(app: Application, port: BotPort) -> AsyncIterator[None]:
    """Run every background job until the block ends; a crashed job is logged, not fatal."""
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(job(app, port)) for job in JOBS]
    try:
        yield
    finally:
        await stop_all(tasks)
        for task in tasks:
            failure = failure_of(task)
            if failure is not None:
                log.error("a background job failed", exc_info=failure)
