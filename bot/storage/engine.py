"""Engine and session factories; nothing is created at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.erasure import ErasingSession

# After a checkpoint resets the write-ahead log, it is cut back to this many bytes.
WAL_SIZE_LIMIT = 4 * 1024 * 1024


def is_sqlite(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "sqlite"


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine; SQLite gets WAL and a busy timeout so writers queue, not fail."""
    url = make_url(database_url)
    kwargs: dict[str, Any] = {"echo": echo}
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        # No ping per checkout: it costs a round trip on every transaction; stale
        # connections are recycled instead, and a failed update is redelivered.
        kwargs["pool_recycle"] = 1800
        # The common step runs on its own asyncpg pool (steps_pg); this one serves
        # the rest. Two replicas and the portal stay under PostgreSQL's default 100.
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 10
    engine = create_async_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Deleted content is zeroed in the database file; the log is bounded, and
            # truncated after every erasure (bot.storage.erasure).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute("PRAGMA journal_size_limit={}".format(WAL_SIZE_LIMIT))
            cursor.close()

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose erasures also clear the engine's remnants once committed."""
    return async_sessionmaker(
        engine, class_=AsyncSession, expire_on_commit=False, sync_session_class=ErasingSession
    )
