"""What both transports tell Telegram when they start: updates wanted and the command menus."""

from __future__ import annotations

from bot.i18n import LANGUAGES, Catalogues
from bot.telegram import texts

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
POLL_TIMEOUT_S = 10


def command_menus(catalogues: Catalogues) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code or None for the default, [(command, description)]) per menu."""
    menus: list[tuple[str | None, list[tuple[str, str]]]] = []
    for code in LANGUAGES:
        if code in ("sr_Latn", "cnr"):
            continue  # Telegram scopes commands by two-letter language codes only
        language = None if code == "en" else code.split("_")[0]
        menus.append((language, texts.command_descriptions(catalogues.translator(code))))
    return menus
