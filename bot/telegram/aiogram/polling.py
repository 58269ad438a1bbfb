"""Run the aiogram transport by long polling."""

from __future__ import annotations

import logging

from bot.app import Application
from bot.i18n import LANGUAGES
from bot.telegram import texts
from bot.telegram.aiogram.factory import ALLOWED_UPDATES, create_bot, create_dispatcher

log = logging.getLogger(__name__)


async def set_commands(bot: object, app: Application) -> None:
    from aiogram import Bot
    from aiogram.types import BotCommand

    assert isinstance(bot, Bot)
    for code in LANGUAGES:
        t = app.catalogues.translator(code)
        commands = [BotCommand(command=c, description=d) for c, d in texts.command_descriptions(t)]
        language = None if code == "en" else code.split("_")[0]
        if code in ("sr_Latn", "cnr"):
            continue  # Telegram scopes commands by two-letter language codes only
        await bot.set_my_commands(commands, language_code=language)


async def run_polling(app: Application, *, token: str) -> None:
    bot = create_bot(token=token, api_base=app.settings.telegram_api_base)
    dispatcher = create_dispatcher(service=app.conversations)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await set_commands(bot, app)
        await dispatcher.start_polling(
            bot, allowed_updates=ALLOWED_UPDATES, handle_signals=False, polling_timeout=10
        )
    finally:
        await bot.session.close()
