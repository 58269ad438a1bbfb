"""What both transports tell Telegram when they start: updates wanted, and the bot's face.

The face is a command menu, a description and a short description per language, and,
where the deployment sets them, a neutral name and picture. Telegram keys them by
two-letter ISO 639-1 codes only (`language_code` of setMyCommands, setMyDescription,
setMyShortDescription), so six of our eight variants get their own (English is also the
default for every other language); Serbian in Latin script and Montenegrin cannot be
keyed: a survivor whose phone says `sr` sees the Serbian (Cyrillic) description, and
when she chooses Srpski (Latin) or Crnogorski her chat gets a menu of its own in that
language (`bot.flows.commands.chat_menu`, set with a chat scope).

Start-up never fails on the face: each call that Telegram refuses (for example
too many profile changes in a row) is logged and the bot goes on. Descriptions and the
name are read first and only written when they differ, so restarts cost no writes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from bot.flows import profile
from bot.flows.commands import has_telegram_code, menu
from bot.i18n import LANGUAGES, SOURCE_LANGUAGE, Catalogues
from bot.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
POLL_TIMEOUT_S = 10


@dataclass(frozen=True)
class Face:
    """What Telegram shows for one language code (None: everyone else)."""

    language: str | None
    commands: list[tuple[str, str]]
    description: str
    short_description: str


class ProfilePort(Protocol):
    """The Bot API calls that set the bot's face, in one library's terms."""

    async def set_commands(self, commands: list[tuple[str, str]], language: str | None) -> None: ...

    async def description(self, language: str | None) -> str: ...

    async def set_description(self, text: str, language: str | None) -> None: ...

    async def short_description(self, language: str | None) -> str: ...

    async def set_short_description(self, text: str, language: str | None) -> None: ...

    async def name(self, language: str | None) -> str: ...

    async def set_name(self, name: str, language: str | None) -> None: ...

    async def set_photo(self, data: bytes, file_name: str) -> None: ...


def faces(catalogues: Catalogues, *, discreet: bool = False) -> list[Face]:
    """One face per language Telegram can key; the source language is the default."""
    found = []
    for code in LANGUAGES:
        if not has_telegram_code(code):
            continue  # sr_Latn, cnr: see the module's docstring
        t = catalogues.translator(code)
        found.append(
            Face(
                language=None if code == SOURCE_LANGUAGE else code,
                commands=menu(t),
                description=profile.description(t, discreet=discreet),
                short_description=profile.short_description(t, discreet=discreet),
            )
        )
    return found


@contextlib.contextmanager
def _logged(what: str) -> Iterator[None]:
    """A refused profile call is logged (its kind only) and start-up goes on."""
    try:
        yield
    except Exception as exc:
        log.warning("could not set the bot's %s: %s", what, exc.__class__.__name__)


async def present(
    port: ProfilePort, catalogues: Catalogues, settings: Settings, *, with_photo: bool = False
) -> list[str]:
    """Menus, descriptions and (where set) the name in every language Telegram keys; the
    picture only when asked (`safe-report face`): Telegram limits profile changes.
    Returns what was written, e.g. `description (sq)`."""
    written: list[str] = []
    for face in faces(catalogues, discreet=settings.discreet_profile):
        where = " ({})".format(face.language or "default")
        with _logged("commands"):
            await port.set_commands(face.commands, face.language)
            written.append("commands" + where)
        with _logged("description"):
            if await port.description(face.language) != face.description:
                await port.set_description(face.description, face.language)
                written.append("description" + where)
        with _logged("short description"):
            if await port.short_description(face.language) != face.short_description:
                await port.set_short_description(face.short_description, face.language)
                written.append("short description" + where)
    if settings.bot_name:
        with _logged("name"):
            if await port.name(None) != settings.bot_name:
                await port.set_name(settings.bot_name, None)
                written.append("name")
    if with_photo and settings.bot_avatar is not None:
        with _logged("picture"):
            await port.set_photo(settings.bot_avatar.read_bytes(), settings.bot_avatar.name)
            written.append("picture")
    return written
