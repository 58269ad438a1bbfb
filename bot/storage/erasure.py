"""Erasure that leaves nothing behind in the database's own files.

Deleting a row is not enough. On SQLite, `secure_delete` zeroes deleted cells
and freed pages in the database file, but the write-ahead log (`-wal`) keeps a
copy of every page written since it was last reset: her narrative, her files
and every older version of her conversation state stay there. So a transaction
that erased something of hers (`note_erasure`) is followed, once committed, by
a checkpoint that copies the log into the (zeroed) database and truncates the
log to zero bytes.

On PostgreSQL a deleted or updated row stays in its table file as a dead tuple,
and plain VACUUM only marks its space free (the bytes stay until reused). Only
a rewrite of the table removes them from the files: `erase_remnants(engine,
compact=True)` runs VACUUM FULL on the tables that hold her content; the
scheduled sweep (`bot.storage.retention`) does that once a day. See
docs/security.md for what remains (WAL segments, backups) and for how long.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)

_ERASED = "safe_report_erased"

# Every table a survivor's words, files or identity can be in (directly or sealed).
CONTENT_TABLES = (
    "survivor",
    "conversation",
    "chat_message",
    "pending_reply",
    "case",
    "evidence",
    "case_message",
    "case_note",
    "reply_outbox",
    "transfer_copy",
    "audit_entry",
)
TRUNCATE_WAL = "PRAGMA wal_checkpoint(TRUNCATE)"


def note_erasure(session: AsyncSession) -> None:
    """Mark this transaction as erasing something of hers: once it commits, the
    engine's remnants are cleared (SQLite: the write-ahead log is truncated)."""
    session.info[_ERASED] = True


class ErasingSession(Session):
    """The sync session behind every AsyncSession of `create_sessionmaker`."""


@event.listens_for(ErasingSession, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop(_ERASED, False):
        return
    bind = session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return
    try:
        # Runs inside SQLAlchemy's greenlet, so the async driver can be used synchronously.
        with bind.connect() as connection:
            _truncate_wal(connection.exec_driver_sql(TRUNCATE_WAL).first())
    except Exception:  # the erasure itself is committed; the sweep truncates later
        log.exception("truncating the write-ahead log after an erasure failed")


@event.listens_for(ErasingSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_ERASED, None)


def _truncate_wal(row: Any) -> None:
    """`PRAGMA wal_checkpoint` answers (busy, log frames, checkpointed frames)."""
    if row is not None and row[0]:
        log.warning("the write-ahead log could not be truncated (busy); the sweep will retry")


async def erase_remnants(engine: AsyncEngine, *, compact: bool = False) -> None:
    """Clear what the engine keeps of erased rows.

    SQLite: checkpoint the write-ahead log and truncate it (cheap; after every
    erasure). PostgreSQL with `compact`: rewrite the content tables (VACUUM FULL
    takes an exclusive lock on each table while it runs; the sweep does it daily).
    """
    if engine.dialect.name == "sqlite":
        async with engine.connect() as connection:
            _truncate_wal((await connection.exec_driver_sql(TRUNCATE_WAL)).first())
        return
    if engine.dialect.name == "postgresql" and compact:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for table in CONTENT_TABLES:
                await autocommit.exec_driver_sql('VACUUM (FULL) "{}"'.format(table))
