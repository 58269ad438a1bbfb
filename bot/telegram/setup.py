"""What both transports tell Telegram when they start: updates wanted and the command menus."""

from __future__ import annotations

from bot.flows.commands import menu
from bot.i18n import LANGUAGES, SOURCE_LANGUAGE, Catalogues

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
POLL_TIMEOUT_S = 10


def command_menus(catalogues: Catalogues) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code or None for the default, [(command, description)]) per menu."""
    menus: list[tuple[str | None, list[tuple[str, str]]]] = []
    for code in LANGUAGES:
        if not (len(code) == 2 and code.isalpha()):
            continue  # Telegram scopes commands by two-letter language codes only
        language = None if code == SOURCE_LANGUAGE else code
        menus.append((language, menu(catalogues.translator(code))))
    return menus
