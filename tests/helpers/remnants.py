"""Read a database the way a thief with its files would: raw bytes, no SQL.

SQLite: the database file, its write-ahead log and its shared-memory index.
PostgreSQL: every file of the test database under the server's data directory,
after a checkpoint has written what is in memory to them (both need the test to
run where it can read them: as root, or with SAFE_REPORT_TEST_POSTGRES_DATA and
SAFE_REPORT_TEST_POSTGRES_SUPERUSER_URL set).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url


def needles_of(ciphertext: bytes, *, width: int = 24, step: int = 400) -> list[bytes]:
    """Windows spread over a ciphertext: one found anywhere means the ciphertext remains
    (a window can straddle a page boundary, so one is never enough)."""
    if len(ciphertext) <= width:
        return [ciphertext]
    return [ciphertext[i : i + width] for i in range(0, len(ciphertext) - width, step)]


def found(haystack: bytes, needles: dict[str, list[bytes]]) -> list[str]:
    """Names of the needles of which at least one window is in `haystack`."""
    return [name for name, windows in needles.items() if any(w in haystack for w in windows)]


def sqlite_bytes(database_url: str) -> bytes:
    path = Path(make_url(database_url).database or "")
    parts = []
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            parts.append(candidate.read_bytes())
    assert parts, "no database file at {}".format(path)
    return b"\n--\n".join(parts)


async def _checkpoint() -> None:
    """Make PostgreSQL write its dirty pages to the files (needs a superuser)."""
    dsn = os.environ.get("SAFE_REPORT_TEST_POSTGRES_SUPERUSER_URL")
    if dsn:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("CHECKPOINT")
        finally:
            await conn.close()
        return
    if os.geteuid() == 0 and shutil.which("psql"):
        process = await asyncio.create_subprocess_exec(
            "su", "postgres", "-c", "psql -q -c CHECKPOINT", stdout=subprocess.DEVNULL
        )
        assert await asyncio.wait_for(process.wait(), 60) == 0, "CHECKPOINT failed"
        return
    pytest.skip("no way to run CHECKPOINT (set SAFE_REPORT_TEST_POSTGRES_SUPERUSER_URL)")


async def postgres_bytes(database_url: str) -> bytes:
    url = make_url(database_url)
    conn = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(False))
    try:
        oid = await conn.fetchval("SELECT oid FROM pg_database WHERE datname = current_database()")
        major = int(str(await conn.fetchval("SHOW server_version_num"))) // 10000
    finally:
        await conn.close()
    data = Path(
        os.environ.get(
            "SAFE_REPORT_TEST_POSTGRES_DATA", "/var/lib/postgresql/{}/main".format(major)
        )
    )
    folder = data / "base" / str(oid)
    if not os.access(folder, os.R_OK):
        pytest.skip("cannot read PostgreSQL's files at {}".format(folder))
    await _checkpoint()
    parts = []
    for name in sorted(os.listdir(folder)):
        try:
            parts.append((folder / name).read_bytes())
        except FileNotFoundError:  # a table file dropped since the listing
            continue
    return b"\n--\n".join(parts)


async def database_bytes(database_url: str) -> bytes:
    if make_url(database_url).get_backend_name() == "sqlite":
        return sqlite_bytes(database_url)
    return await postgres_bytes(database_url)
