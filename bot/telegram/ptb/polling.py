"""Run the python-telegram-bot transport by long polling, until cancelled.

Not `Application.run_polling`: that owns the event loop and installs signal
handlers, while the sandbox, the tests and the CLI run several things on one loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot

from bot.services.application import Application
from bot.telegram.background import background_work
from bot.telegram.ptb.factory import create_application
from bot.telegram.ptb.port import PtbPort
from bot.telegram.setup import ALLOWED_UPDATES, POLL_TIMEOUT_S, present

log = logging.getLogger(__name__)


async def set_commands(bot: Bot, app: Application) -> None:
    """The bot's face: command menus, descriptions and name in every language it can."""
    await present(PtbPort(bot), app.catalogues, app.settings)


async def run_polling(app: Application, *, token: str) -> None:
    application: Any = create_application(
        token=token, api_base=app.settings.telegram_api_base, service=app.conversations
    )
    await application.initialize()  # getMe, with an empty body
    try:
        await application.bot.delete_webhook(drop_pending_updates=False)
        await set_commands(application.bot, app)
        await application.start()
        await application.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, timeout=POLL_TIMEOUT_S, drop_pending_updates=False
        )
        try:
            async with (
                background_work(app, PtbPort(application.bot)),
                app.translations.running(),  # the editor's changes, without a restart
            ):
                await asyncio.Event().wait()  # until cancelled
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
