"""The common step's statements run straight on asyncpg (PostgreSQL only).

They run for every update a survivor sends. Through SQLAlchemy each statement
costs about 0.2-0.3 ms of Python (pool checkout, compiled-cache lookup, parameter
and result processing); on asyncpg's own pool with prepared statements, about
0.05 ms. The SQL is compiled once from the very SQLAlchemy statements in
`steps.py`, so the tables are still described in one place, and the transactional
path (SQLAlchemy) and this one write the same rows.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from asyncpg.exceptions import DeadlockDetectedError, SerializationError
from sqlalchemy import Executable
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.engine import make_url

from bot.storage.repositories import steps
from bot.storage.repositories.survivors import StaleState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Sql:
    """One statement as asyncpg takes it: `$n` placeholders and their names in order."""

    text: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        return [params[n] if n in params else self.defaults[n] for n in self.names]


@functools.cache
def _sql(statement: Executable) -> _Sql:
    compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[attr-defined]
    return _Sql(str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params))


def asyncpg_dsn(database_url: str) -> str:
    """The SQLAlchemy URL (postgresql+asyncpg://…) as a plain libpq-style DSN."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


async def _nothing_to_reset(connection: asyncpg.Connection) -> None:
    """Our statements leave no session state behind (no SET, LISTEN, advisory lock or
    cursor), so asyncpg's default reset query, a round trip per use, is skipped. An
    open transaction is still rolled back by the pool itself."""


class PgSteps:
    """An asyncpg pool and the three statements of the common step."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def connect(cls, database_url: str, *, max_size: int = 10) -> PgSteps:
        pool = await asyncpg.create_pool(
            asyncpg_dsn(database_url),
            min_size=1,
            max_size=max_size,
            reset=_nothing_to_reset,
            # The same few statements with different values: plan them once, not each time.
            server_settings={"plan_cache_mode": "force_generic_plan"},
        )
        return cls(pool)

    async def close(self) -> None:
        await self._pool.close()

    async def _fetchrow(self, statement: Executable, params: Mapping[str, Any]) -> Any:
        sql = _sql(statement)
        async with self._pool.acquire() as connection:
            return await connection.fetchrow(sql.text, *sql.args(params))

    async def peek(self, *, update_id: int, key_hash: str) -> steps.Loaded:
        """Her row and state, and whether this update was handled; reads only."""
        row = await self._fetchrow(
            steps.peek_statement(), {"b_update": update_id, "b_key": key_hash}
        )
        return steps.Loaded(
            not row["seen"],
            row["id"],
            row["language"],
            row["state_enc"],
            row["version"],
            has_chat=bool(row["has_chat"]),
        )

    async def write_claimed_step(
        self,
        *,
        update_id: int,
        survivor_id: uuid.UUID,
        state_enc: bytes,
        expected_version: int,
        pending: steps.PendingAnswer | None,
        message_ids: Sequence[int],
        now: datetime,
    ) -> None:
        """Claim the update and write her step in one statement, or nothing (StaleState)."""
        unique_ids = list(dict.fromkeys(message_ids))
        params: dict[str, Any] = {
            "b_update": update_id,
            "b_survivor": survivor_id,
            "b_state": state_enc,
            "b_now": now,
            "b_expected": expected_version,
            "b_version": expected_version + 1,
            **steps.message_params(unique_ids),
        }
        if pending is not None:
            params.update(steps.pending_params(pending))
        statement = steps.claimed_step_statement(
            pending=pending is not None, messages=len(unique_ids)
        )
        try:
            row = await self._fetchrow(statement, params)
        except (DeadlockDetectedError, SerializationError) as exc:
            raise StaleState() from exc  # a racing replica won: reload and try again
        if row["written"] != 1:
            raise StaleState()
        if row["claimed"] != 1:  # cannot happen while every claim also writes her row
            log.error("update %s was handled twice", update_id)

    async def acknowledge(
        self,
        *,
        update_id: int | None,
        survivor_id: uuid.UUID | None,
        message_ids: Sequence[int],
        now: datetime,
    ) -> None:
        """The answer was sent: forget it was owed and remember its message ids."""
        params, count = steps.acknowledgement(
            update_id=update_id, survivor_id=survivor_id, message_ids=message_ids, now=now
        )
        if update_id is not None and count:
            await self._fetchrow(steps.acknowledge_statement(count), params)
            return
        if update_id is not None:
            await self._fetchrow(steps.pending_delete(), params)
        for index in range(count):
            await self._fetchrow(steps.message_insert("postgresql", index), params)
