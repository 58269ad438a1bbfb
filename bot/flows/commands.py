"""The commands she can send, defined once: the flow answers them, the transports
list them in Telegram's menu, and leaving or deleting is never rate-limited."""

from __future__ import annotations

from bot.flows.actions import ChatMenu
from bot.flows.events import Command, Inbound, Press
from bot.flows.notices import EXIT_DATA
from bot.i18n import N_, TranslatorLike

EXIT_COMMANDS = ("exit", "quit", "stop")  # leave now: the chat is deleted
FORGET_COMMANDS = ("forget", "delete")  # delete everything she shared
MESSAGES_COMMANDS = ("messages", "pause")  # pause, resume or stop the service's messages

#: Telegram's command menu, in order: (command, description msgid).
MENU: tuple[tuple[str, str], ...] = (
    ("start", N_("Begin or continue a report")),
    ("help", N_("What this bot can do")),
    ("language", N_("Change the language")),
    ("status", N_("See what happened to your report")),
    ("messages", N_("Pause or stop messages from the service")),
    ("copy", N_("Get a PDF copy of your report")),
    ("plan", N_("A safety plan, step by step")),
    ("privacy", N_("What is kept, and who can read it")),
    ("exit", N_("Leave now and delete this chat")),
    ("forget", N_("Delete everything you shared")),
)


def menu(t: TranslatorLike) -> list[tuple[str, str]]:
    return [(command, t.gettext(description)) for command, description in MENU]


def has_telegram_code(language: str) -> bool:
    """Telegram keys command menus and descriptions by two-letter ISO 639-1 codes only."""
    return len(language) == 2 and language.isalpha()


def chat_menu(old: str, new: str, t: TranslatorLike) -> ChatMenu | None:
    """Her chat's own menu when she chooses a language Telegram cannot key (Serbian in Latin
    script, Montenegrin); removed again when she leaves such a language; else nothing."""
    if old == new:
        return None
    if not has_telegram_code(new):
        return ChatMenu(tuple(menu(t)))
    if not has_telegram_code(old):
        return ChatMenu(None)
    return None


def never_limited(event: Inbound) -> bool:
    """Leaving and deleting always go through, however fast she writes."""
    if isinstance(event, Press):
        return event.data == EXIT_DATA
    return isinstance(event, Command) and event.name in (*EXIT_COMMANDS, *FORGET_COMMANDS)
