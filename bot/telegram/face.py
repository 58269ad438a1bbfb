"""`safe-report face`: set the bot's face once, picture included (docs/deploy.md).

Start-up sets the menus, descriptions and name by itself; the picture is set only
here, because Telegram limits how often a bot's profile may change.
"""

from __future__ import annotations

from bot.i18n import Catalogues, default_locales_dir
from bot.settings import Settings
from bot.telegram.aiogram.factory import create_bot
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.setup import present


async def apply_face(settings: Settings, *, token: str) -> list[str]:
    """Everything `present` sets, and the picture when SAFE_REPORT_BOT_AVATAR names one."""
    bot = create_bot(token=token, api_base=settings.telegram_api_base)
    try:
        catalogues = Catalogues(default_locales_dir())
        return await present(AiogramPort(bot), catalogues, settings, with_photo=True)
    finally:
        await bot.session.close()
