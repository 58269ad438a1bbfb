"""The bot's translation refresher: picks up overrides, plural forms, falls back on bad rows,
and wakes at once on a Redis nudge (the database stays the meeting point)."""

from __future__ import annotations

import asyncio
import contextlib

from bot.app import Application
from bot.services.translation_refresh import TranslationRefresher, announce_change
from bot.storage.repositories import translations as repo
from bot.storage.repositories.translations import NewState
from tests.helpers.databases import REDIS_ENV, require_or_skip
from tests.helpers.translations import PLURAL_MSGID, refresher


async def _put(app: Application, language: str, msgid: str, new: NewState) -> None:
    async with app.sessionmaker() as session, session.begin():
        await repo.record(
            session=session,
            language=language,
            context="",
            msgid=msgid,
            new=new,
            file_status="needs_review",
            by="test",
            kind="edit",
        )


async def test_overrides_reach_the_catalogues_and_bad_ones_fall_back(app: Application) -> None:
    bot = refresher(app)
    assert await bot.refresh()
    assert not await bot.refresh()  # nothing changed: one cheap query, no reload
    await _put(app, "hr", "Exit", NewState("Izađi odmah", None, "reviewed"))
    forms = ["{count} porukicu", "{count} porukice", "{count} porukica"]
    await _put(app, "hr", PLURAL_MSGID, NewState(forms[0], forms, "needs_review"))
    await _put(app, "hr", "Done", NewState("Gotovo {oops}", None, "needs_review"))  # bad row
    assert await bot.refresh()
    t = app.catalogues.translator("hr")
    assert t.gettext("Exit") == "Izađi odmah"
    assert t.ngettext(PLURAL_MSGID, "", 1) == forms[0]
    assert t.ngettext(PLURAL_MSGID, "", 3) == forms[1]
    assert t.ngettext(PLURAL_MSGID, "", 5) == forms[2]
    assert "{oops}" not in t.gettext("Done")  # the file's text, not the broken override
    assert app.catalogues.translator("bs").gettext("Exit") != "Izađi odmah"


async def test_a_redis_nudge_refreshes_before_the_next_poll(app: Application) -> None:
    url = require_or_skip(REDIS_ENV, "Redis")
    bot = TranslationRefresher(
        sessionmaker=app.sessionmaker,
        catalogues=app.catalogues,
        locales=app.catalogues.locales_dir,
        redis_url=url,
        interval=60.0,  # polling alone would take a minute
    )
    task = asyncio.create_task(bot.run_forever())
    try:
        await asyncio.sleep(0.5)  # first load done, subscribed
        await _put(app, "mk", "Exit", NewState("Излез сега", None, "needs_review"))
        await announce_change(url)
        for _ in range(50):
            if app.catalogues.translator("mk").gettext("Exit") == "Излез сега":
                break
            await asyncio.sleep(0.1)
        assert app.catalogues.translator("mk").gettext("Exit") == "Излез сега"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
