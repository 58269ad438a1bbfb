"""Run the aiogram transport by long polling."""

from __future__ import annotations

import logging

from bot.services.application import Application
from bot.telegram.aiogram.factory import create_bot, create_dispatcher
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.background import background_work
from bot.telegram.setup import ALLOWED_UPDATES, POLL_TIMEOUT_S, present

log = logging.getLogger(__name__)


async def set_commands(bot: object, app: Application) -> None:
    """The bot's face: command menus, descriptions and name in every language it can."""
    from aiogram import Bot

    assert isinstance(bot, Bot)
    await present(AiogramPort(bot), app.catalogues, app.settings)


async def run_polling(app: Application, *, token: str) -> None:
    bot = create_bot(token=token, api_base=app.settings.telegram_api_base)
    dispatcher = create_dispatcher(service=app.conversations)
    try:
        # Caseworker replies, transfer questions and new-case alerts go out beside polling.
        async with background_work(app, AiogramPort(bot)), app.translations.running():
            await bot.delete_webhook(drop_pending_updates=False)
            await set_commands(bot, app)
            await dispatcher.start_polling(
                bot,
                allowed_updates=ALLOWED_UPDATES,
                handle_signals=False,
                polling_timeout=POLL_TIMEOUT_S,
            )
    finally:
        await bot.session.close()
