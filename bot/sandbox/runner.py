"""`safe-report sandbox`: the local Bot API server, the bot polling it, and the portal.

Everything binds to 127.0.0.1 and runs in one process on one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.app import build_application
from bot.sandbox.botapi import running_server
from bot.settings import PLACEHOLDER_TOKEN, Settings
from bot.telegram.transports import run_polling  # honours settings.transport

log = logging.getLogger(__name__)


async def run_sandbox(settings: Settings, *, port: int, ready: asyncio.Event | None = None) -> None:
    async with running_server("127.0.0.1", port) as server:
        sandbox_settings = settings.model_copy(update={"telegram_api_base": server.base_url})
        app = await build_application(sandbox_settings)
        portal_task = None
        portal_url = None
        try:
            from bot.web.serve import start_portal  # the portal joins when present

            portal_task, portal_url = await start_portal(app, port=settings.portal_port)
        except ImportError:
            log.info("portal not available in this build")
        print("Safe Report sandbox is running (Ctrl-C to stop):", flush=True)
        print("  chat as a survivor:  {}/".format(server.base_url), flush=True)
        print("  Bot API server:      {}/bot<token>/<method>".format(server.base_url), flush=True)
        if portal_url:
            print("  caseworker portal:   {}".format(portal_url), flush=True)
        print("  health:              {}/sandbox/health".format(server.base_url), flush=True)
        if ready is not None:
            ready.set()
        try:
            await run_polling(app, token=PLACEHOLDER_TOKEN)
        finally:
            if portal_task is not None:
                portal_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await portal_task
            await app.close()
