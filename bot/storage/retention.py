"""Abandoned drafts expire, and the record of handled updates is forgotten after two
days; the schedule lives in the database, so restarts do not reset it.

`sweep_if_due` is what a bot process's background loop calls every few minutes
(and `safe-report sweep` from cron): each job runs only when its interval has
passed since its last run anywhere (a claim in `maintenance_run`, so two
replicas never run it twice and a restart does not start the clock again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.erasure import erase_remnants, note_erasure
from bot.storage.models import (
    Case,
    ChatMessage,
    Conversation,
    Evidence,
    MaintenanceRun,
    PendingReply,
    ProcessedUpdate,
    Survivor,
)
from bot.storage.types import utcnow

log = logging.getLogger(__name__)

DEFAULT_RETENTION = timedelta(days=30)
EXPIRY_EVERY = timedelta(hours=1)
COMPACT_EVERY = timedelta(days=1)
# Telegram redelivers an unconfirmed update for at most 24 hours, and after a week
# without updates it starts its ids again at a random number: a handled id kept for
# longer than this could only make a new update look handled and go unanswered.
UPDATE_MEMORY = timedelta(days=2)


@dataclass(frozen=True)
class Expired:
    drafts: int
    files: int
    survivors: int
    updates: int = 0


@dataclass(frozen=True)
class SweepReport:
    expired: Expired | None
    compacted: bool


async def claim_run(*, session: AsyncSession, name: str, every: timedelta, now: datetime) -> bool:
    """True when `name` is due (never ran, or ran more than `every` ago); records this run."""
    claimed = await session.exec(  # type: ignore[call-overload]
        update(MaintenanceRun)
        .where(col(MaintenanceRun.name) == name)
        .where(col(MaintenanceRun.last_run_at) <= now - every)
        .values(last_run_at=now)
    )
    if claimed.rowcount == 1:
        return True
    # Never ran: the first to insert the row runs it (another replica's insert wins a tie).
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    inserted = await session.exec(  # type: ignore[call-overload]
        insert(MaintenanceRun).values(name=name, last_run_at=now).on_conflict_do_nothing()
    )
    return bool(inserted.rowcount == 1)


async def expire_drafts(*, session: AsyncSession, older_than: datetime) -> Expired:
    """Delete drafts untouched since `older_than`, files of no case, and survivors with
    nothing left (no case, no draft, not seen since then)."""
    drafts = await session.exec(  # type: ignore[call-overload]
        delete(Conversation).where(col(Conversation.updated_at) < older_than)
    )
    has_draft = exists().where(col(Conversation.survivor_id) == col(Evidence.survivor_id))
    files = await session.exec(  # type: ignore[call-overload]
        delete(Evidence)
        .where(col(Evidence.case_id).is_(None))
        .where(or_(col(Evidence.received_at) < older_than, ~has_draft))
    )
    idle = (
        select(Survivor.id)
        .where(col(Survivor.last_seen_at) < older_than)
        .where(~exists().where(col(Case.survivor_id) == col(Survivor.id)))
        .where(~exists().where(col(Conversation.survivor_id) == col(Survivor.id)))
        .where(~exists().where(col(Evidence.survivor_id) == col(Survivor.id)))
    )
    idle_ids = list((await session.exec(idle)).all())
    if idle_ids:
        for table, column in (
            (ChatMessage, ChatMessage.survivor_id),
            (PendingReply, PendingReply.survivor_id),
        ):
            await session.exec(  # type: ignore[call-overload]
                delete(table).where(and_(col(column).in_(idle_ids)))
            )
        await session.exec(  # type: ignore[call-overload]
            delete(Survivor).where(col(Survivor.id).in_(idle_ids))
        )
    expired = Expired(drafts.rowcount or 0, files.rowcount or 0, len(idle_ids))
    if expired.drafts or expired.files or expired.survivors:
        note_erasure(session)
    return expired


async def forget_handled_updates(*, session: AsyncSession, older_than: datetime) -> int:
    """Delete the record of updates handled before `older_than` (see UPDATE_MEMORY)."""
    forgotten = await session.exec(  # type: ignore[call-overload]
        delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < older_than)
    )
    return int(forgotten.rowcount or 0)


async def sweep_if_due(
    *,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention: timedelta = DEFAULT_RETENTION,
    now: datetime | None = None,
    expiry_every: timedelta = EXPIRY_EVERY,
    compact_every: timedelta = COMPACT_EVERY,
) -> SweepReport:
    """Expire abandoned drafts (hourly) and compact PostgreSQL's tables (daily), each
    when due; cheap to call often."""
    now = now or utcnow()
    expired = None
    async with sessionmaker() as session, session.begin():
        due = await claim_run(session=session, name="expire_drafts", every=expiry_every, now=now)
    if due:
        async with sessionmaker() as session, session.begin():
            expired = await expire_drafts(session=session, older_than=now - retention)
            updates = await forget_handled_updates(session=session, older_than=now - UPDATE_MEMORY)
            expired = replace(expired, updates=updates)
        if expired.drafts or expired.files or expired.survivors:
            log.info(
                "expired %d draft(s), %d file(s), %d idle survivor(s)",
                expired.drafts,
                expired.files,
                expired.survivors,
            )
    compacted = False
    if engine.dialect.name == "postgresql":
        async with sessionmaker() as session, session.begin():
            compacted = await claim_run(
                session=session, name="compact", every=compact_every, now=now
            )
        if compacted:
            await erase_remnants(engine, compact=True)
    else:
        await erase_remnants(engine)
    return SweepReport(expired=expired, compacted=compacted)
