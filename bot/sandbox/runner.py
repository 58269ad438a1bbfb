"""`safe-report sandbox`: the local Bot API server, the bot polling it, and the portal.

Everything binds to 127.0.0.1 and runs in one process on one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.app import Application, build_application
from bot.sandbox.botapi import running_server
from bot.settings import PLACEHOLDER_TOKEN, Settings
from bot.telegram.transports import run_polling  # honours settings.transport

if TYPE_CHECKING:
    from bot.web.seed import DemoAccount

log = logging.getLogger(__name__)


async def run_sandbox(settings: Settings, *, port: int, ready: asyncio.Event | None = None) -> None:
    async with running_server("127.0.0.1", port) as server:
        sandbox_settings = settings.model_copy(update={"telegram_api_base": server.base_url})
        app = await build_application(sandbox_settings)
        portal_task = None
        portal_url = None
        demo_accounts = []
        try:
            from bot.web.serve import start_portal  # the portal joins when present

            demo_accounts = await _seed_portal(app)
            portal_task, portal_url = await start_portal(app, port=settings.portal_port)
        except ImportError:
            log.info("portal not available in this build")
        print("Safe Report sandbox is running (Ctrl-C to stop):", flush=True)
        print("  chat as a survivor:  {}/".format(server.base_url), flush=True)
        print("  Bot API server:      {}/bot<token>/<method>".format(server.base_url), flush=True)
        if portal_url:
            print("  caseworker portal:   {}".format(portal_url), flush=True)
            for account in demo_accounts:
                print(
                    "    {:<10} {}  password: {}".format(
                        account.role, account.email, account.password
                    ),
                    flush=True,
                )
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


async def _seed_portal(app: Application) -> list[DemoAccount]:
    """Demo partners get keys and a caseworker each; the sandbox prints the credentials."""
    from bot.web.config import portal_config
    from bot.web.seed import seed_demo_accounts

    return await seed_demo_accounts(
        app.sessionmaker, app.routing.partners, portal_config(app.settings).kdf
    )
