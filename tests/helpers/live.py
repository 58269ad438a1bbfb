"""A live stack for end-to-end tests: sandbox Bot API server + app + a real library polling.

The transport is aiogram or python-telegram-bot, so one suite drives both.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bot.app import Application
from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN
from bot.tasks import failure_of, stop
from bot.telegram.transports import run_polling


@dataclass
class LiveStack:
    server: RunningServer
    sandbox: SandboxClient
    app: Application
    transport: str = "aiogram"

    async def bot_texts(self, user_id: int) -> list[str]:
        view = await self.sandbox.chat(user_id)
        return [m["text"] or "" for m in view["messages"] if m["from"] == "bot"]

    async def wait_for_text(
        self, user_id: int, needle: str, within: float = 10.0
    ) -> dict[str, Any]:
        def has(view: dict[str, Any]) -> bool:
            for message in view["messages"]:
                labels = [b["text"] for row in message.get("buttons") or [] for b in row]
                if any(needle in part for part in [message.get("text") or "", *labels]):
                    return True
            return False

        return await self.sandbox.wait_for(user_id, has, within=within)

    async def wait_for_count(
        self, user_id: int, count: int, within: float = 10.0
    ) -> dict[str, Any]:
        def enough(view: dict[str, Any]) -> bool:
            return sum(1 for m in view["messages"] if m["from"] == "bot") >= count

        return await self.sandbox.wait_for(user_id, enough, within=within)


@contextlib.asynccontextmanager
async def live_stack(
    app: Application, transport: str = "aiogram", server_settings: Settings | None = None
) -> AsyncIterator[LiveStack]:
    """Run the bot with `transport` against the local server on loopback until the block ends."""
    server_settings = server_settings or Settings(poll_fresh_s=2.0)
    async with running_server(settings=server_settings) as server:
        app.settings = app.settings.model_copy(
            update={"telegram_api_base": server.base_url, "transport": transport}
        )
        task = asyncio.create_task(run_polling(app, token=PLACEHOLDER_TOKEN))
        async with SandboxClient(server.base_url) as sandbox:
            for _ in range(200):
                if task.done():
                    task.result()  # a transport that failed to start says why
                try:
                    await sandbox.request("GET", "/sandbox/health")
                    break
                except Exception:
                    await asyncio.sleep(0.05)
            try:
                yield LiveStack(server=server, sandbox=sandbox, app=app, transport=transport)
            finally:
                await stop(task)
                failure = failure_of(task)
                if failure is not None:
                    raise failure
