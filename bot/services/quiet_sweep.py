"""Clears her chat after a quiet period, before Telegram's 48 hours run out.

Telegram lets a bot delete a message only while it is less than 48 hours old. So
that nothing she could no longer erase lingers, every bot process sweeps, from the
database (nothing in memory: it survives restarts), the chats where nothing was
written for the quiet period (a setting, 24 hours by default): what the bot and she
sent is deleted and its ids forgotten. Her case, her reference and the case relay
stay. A service's message goes only after she has read it and the period has passed,
never if she pressed Keep under it; a transfer question she has not answered stays.

Each chat is claimed first (a lease on her row), so two replicas never sweep one
chat twice. What Telegram refuses (the 48 hours, or she blocked the bot) is
forgotten too, with no retry loop, and nothing is written to her chat about it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.step_store import StepSealing
from bot.storage.repositories import quiet as quiet_repo
from bot.storage.types import utcnow

log = logging.getLogger(__name__)

DELETE_BATCH = 100  # deleteMessages takes at most 100 ids
LEASE = timedelta(minutes=10)

Deleter = Callable[[int, list[int]], Awaitable[None]]
"""Delete these message ids in this chat (in batches of at most 100); a refusal by
Telegram is not an error, only a failure to reach it is."""


class QuietSweep:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        sealing: StepSealing,
        period: timedelta,
        clock: Callable[[], datetime] = utcnow,
        chats_per_round: int = 50,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._sealing = sealing
        self.period = period
        self.clock = clock  # a test ties it to the sandbox's clock
        self._chats_per_round = chats_per_round

    async def run(self, delete: Deleter, *, interval: float) -> None:
        """Sweep every `interval` seconds; the first round waits one interval too, as a
        process that has just started has other work first (nothing is lost: what is
        due stays due in the database)."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.sweep_once(delete)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the quiet-period sweep failed; will retry")

    async def sweep_once(self, delete: Deleter) -> int:
        """One round over the quiet chats; returns how many chats it cleared."""
        now = self.clock()
        cutoff = now - self.period
        async with self._sessionmaker() as session:
            found = await quiet_repo.quiet_chats(
                session=session, cutoff=cutoff, now=now, limit=self._chats_per_round
            )
        cleared = 0
        for survivor_id in found:
            async with self._sessionmaker() as session, session.begin():
                claimed = await quiet_repo.claim_chat(
                    session=session, survivor_id=survivor_id, now=now, until=now + LEASE
                )
            if not claimed:
                continue  # another replica has it
            async with self._sessionmaker() as session:
                chat_enc, ids = await quiet_repo.to_sweep(
                    session=session, survivor_id=survivor_id, cutoff=cutoff
                )
            if chat_enc is not None and ids:
                chat_id = self._sealing.open_chat(chat_enc, survivor_id)
                # A failure to reach Telegram raises: the lease runs out and a later
                # round tries again. A refusal does not: the ids are forgotten.
                await delete(chat_id, ids)
                cleared += 1
            async with self._sessionmaker() as session, session.begin():
                await quiet_repo.forget_messages(
                    session=session, survivor_id=survivor_id, message_ids=ids
                )
                await quiet_repo.release_chat(session=session, survivor_id=survivor_id)
        if cleared:
            log.info("the quiet-period sweep cleared %d chat(s)", cleared)
        return cleared
