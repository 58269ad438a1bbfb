"""Keeps a running bot's catalogues in step with the editor's overrides in the database.

Transport-agnostic, one per bot process: a cheap signature query every ~2 s
(and, where Redis is configured, a pub/sub nudge for an immediate refresh)
reloads the overrides and lays them over the files with `set_overrides`.
An override that fails the checks is left out: the file's text is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import LANGUAGES, Catalogues, OverrideText
from bot.services.translations import forms_of, problems_of
from bot.storage.repositories import translations as repo
from bot.tasks import stop
from bot.translations.checks import blocking
from bot.translations.entries import entries_by_key

log = logging.getLogger(__name__)
CHANNEL = "safe-report:translations"
POLL_SECONDS = 2.0


class TranslationRefresher:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        catalogues: Catalogues,
        locales: Path,
        redis_url: str | None = None,
        interval: float = POLL_SECONDS,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._catalogues = catalogues
        self._locales = locales
        self._redis_url = redis_url
        self._interval = interval
        self._seen: tuple[int, int] | None = None

    async def refresh(self) -> bool:
        """Reload the overrides if anything changed since the last look; True if reloaded."""
        async with self._sessionmaker() as session:
            current = await repo.signature(session=session)
            if current == self._seen:
                return False
            rows = await repo.all_overrides(session=session)
        tables: dict[str, dict[tuple[str, str], OverrideText]] = {code: {} for code in LANGUAGES}
        for row in rows:
            forms = forms_of(row)
            entry = entries_by_key(self._locales, row.language).get(row.key)
            if forms is None or entry is None or row.language not in tables:
                continue
            if blocking(problems_of(row.language, entry, forms)):
                log.warning(
                    "override %s/%s fails the checks; using the file", row.language, row.key
                )
                continue
            tables[row.language][(row.context, row.msgid)] = forms if entry.plural else forms[0]
        for code, table in tables.items():
            self._catalogues.set_overrides(code, table)
        self._seen = current
        return True

    async def run_forever(self) -> None:
        wake = asyncio.Event()
        listener = asyncio.create_task(self._listen(wake)) if self._redis_url else None
        try:
            while True:
                try:
                    await self.refresh()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("translation refresh failed; trying again")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._interval):  # not wait_for: bot.tasks
                        await wake.wait()
                    await asyncio.sleep(0.2)  # let the editor's transaction commit
                wake.clear()
        finally:
            if listener is not None:
                await stop(listener)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Keep the catalogues in step with the editor while the block runs (every bot process)."""
        task = asyncio.create_task(self.run_forever())
        try:
            yield
        finally:
            await stop(task)

    async def _listen(self, wake: asyncio.Event) -> None:
        import redis.asyncio as redis

        while True:
            client = redis.from_url(self._redis_url or "")
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("translation channel unavailable; polling only for now")
            finally:
                await client.aclose()
            await asyncio.sleep(5)


async def announce_change(redis_url: str | None) -> None:
    """Tell every bot replica to refresh now (best effort: polling catches up anyway)."""
    if not redis_url:
        return
    import redis.asyncio as redis

    client = redis.from_url(redis_url)
    try:
        await client.publish(CHANNEL, "changed")
    except Exception:
        log.warning("could not announce a translation change; bots will poll it")
    finally:
        await client.aclose()
