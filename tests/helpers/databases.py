"""Fresh databases per test: a SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

POSTGRES_ENV = "SAFE_REPORT_TEST_POSTGRES_URL"
REDIS_ENV = "SAFE_REPORT_TEST_REDIS_URL"
REQUIRE_ENV = "SAFE_REPORT_REQUIRE_SERVICES"


def require_or_skip(env: str, what: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if os.environ.get(REQUIRE_ENV):
        pytest.fail("{} is required here but {} is not set".format(what, env))
    pytest.skip("{} not configured ({} unset)".format(what, env))


@asynccontextmanager
async def fresh_database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the URL of an empty database, dropped afterwards."""
    if kind == "sqlite":
        yield "sqlite+aiosqlite:///{}".format(tmp_path / "test.db")
        return
    import asyncpg

    base = make_url(require_or_skip(POSTGRES_ENV, "PostgreSQL"))
    name = "t_" + uuid.uuid4().hex[:16]
    admin_dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute('CREATE DATABASE "{}"'.format(name))
    finally:
        await conn.close()
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await _drop(admin_dsn, name)


async def _drop(admin_dsn: str, name: str) -> None:
    """DROP … WITH (FORCE); an autovacuum worker on the database can only be stopped by a
    role in pg_signal_backend (scripts/services.sh grants it), else wait for it to end."""
    import asyncio

    import asyncpg

    for attempt in range(50):
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name))
            return
        except asyncpg.exceptions.InsufficientPrivilegeError:
            if attempt == 49:
                raise
        finally:
            await conn.close()
        await asyncio.sleep(0.2)
