"""Her safety plan through a real library: opened from her results, stopped, and taken up
again with /plan after the bot process restarted (her place is in her stored state, not in
the process); Exit forgets it."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator

from bot.app import Application, build_application
from bot.sandbox.botapi import RunningServer, running_server
from bot.sandbox.botapi import Settings as ServerSettings
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN, Settings
from bot.telegram.transports import run_polling
from classifiers.rules.classifier import RulesClassifier
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor

USER = 5600001


@contextlib.asynccontextmanager
async def polling(
    settings: Settings, server: RunningServer, sandbox: SandboxClient, transport: str
) -> AsyncIterator[LiveStack]:
    """One bot process's life: its own app on the shared database, polling `server`."""
    own = settings.model_copy(update={"telegram_api_base": server.base_url, "transport": transport})
    app: Application = await build_application(own, classifier=RulesClassifier())
    task = asyncio.create_task(run_polling(app, token=PLACEHOLDER_TOKEN))
    try:
        yield LiveStack(server=server, sandbox=sandbox, app=app, transport=transport)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.close()


def _step_of(text: str) -> tuple[int, int]:
    found = re.search(r"Step (\d+) of (\d+)", text)
    assert found is not None, text
    return int(found.group(1)), int(found.group(2))


async def test_she_stops_her_plan_and_takes_it_up_after_a_restart(
    settings: Settings, transport: str
) -> None:
    async with (
        running_server(settings=ServerSettings(poll_fresh_s=2.0)) as server,
        SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox,
    ):
        async with polling(settings, server, sandbox, transport) as live:
            her = Survivor(live, USER)
            await her.start()
            await her.choose_place("me")
            await her.describe(
                "My ex always knows where I am. I think he put something on my phone.",
                category="stalking",
                chosen="✓ I'm watched",
                relationship="partner_or_ex",
            )
            await her.press("plan:start", expect="Step 1 of")
            await her.press("plan:next:0", expect="Step 2 of")
            view = await her.press("plan:stop", expect="Your place is kept: step 2 of")
            texts = [m["text"] or "" for m in view["messages"]]
            total = _step_of(next(t for t in texts if "Step 2 of" in t))[1]

        # The process is gone; only what was stored remains.
        async with polling(settings, server, sandbox, transport) as live:
            back = Survivor(live, USER)
            await back.say("/plan", expect="where the plan stopped")
            view = await back.press("plan:next:1", expect="Step 3 of {}".format(total))
            await sandbox.press(USER, button="Exit")
            await sandbox.wait_for(USER, lambda view: view["messages"] == [])
            await sandbox.send(USER, "/plan", language_code="en")
            view = await live.wait_for_text(USER, "Step 1 of")
            assert not any("where the plan stopped" in (m["text"] or "") for m in view["messages"])
