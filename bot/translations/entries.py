"""The strings of one language as the files ship them: source, context, comments, places.

Read from the .po files (the compiled .mo lacks comments and locations);
English reads the template, whose "translation" is the source itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from bot.i18n import DOMAIN, PORTAL_CONTEXT, SOURCE_LANGUAGE
from bot.i18n_tools import po_path, read_catalog
from bot.storage.translation_models import entry_key
from bot.translations.places import Area, area_of, button_msgids, describe


@dataclass(frozen=True)
class Entry:
    """One msgid of one language, with the file's translation (`forms`, one unless plural)."""

    context: str
    msgid: str
    msgid_plural: str | None
    forms: tuple[str, ...]
    comments: tuple[str, ...]
    locations: tuple[tuple[str, int | None], ...]
    area: Area
    hints: tuple[str, ...]
    is_button: bool
    flags: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        return entry_key(self.context, self.msgid)

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.msgid, self.msgid_plural) if self.msgid_plural else (self.msgid,)

    @property
    def translated(self) -> bool:
        return all(self.forms)

    @property
    def where(self) -> str:
        return ", ".join(
            "{}:{}".format(path, line) if line else path for path, line in self.locations
        )


def _entry(message: Message, language: str, buttons: set[str]) -> Entry:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    msgid = str(ids[0])
    plural = str(ids[1]) if len(ids) > 1 else None
    if language == SOURCE_LANGUAGE:
        forms: tuple[str, ...] = tuple(str(i) for i in ids)
    elif isinstance(message.string, tuple | list):
        forms = tuple(str(s or "") for s in message.string)
    else:
        forms = (str(message.string or ""),)
    locations = [(str(path), int(line) if line else None) for path, line in message.locations]
    return Entry(
        context=str(message.context or ""),
        msgid=msgid,
        msgid_plural=plural,
        forms=forms,
        comments=tuple(str(c) for c in message.auto_comments),
        locations=tuple(locations),
        area=area_of(locations, str(message.context or "")),
        hints=tuple(describe(msgid, locations, str(message.context or ""))),
        is_button=msgid in buttons and message.context != PORTAL_CONTEXT,
        flags=frozenset(message.flags),
    )


def file_catalog(locales: Path, language: str) -> Catalog:
    if language == SOURCE_LANGUAGE:
        return read_catalog(locales / "{}.pot".format(DOMAIN))
    return read_catalog(po_path(locales, language))


@cache
def file_entries(locales: Path, language: str) -> tuple[Entry, ...]:
    """Every entry of `language`'s file, in file order (read once per process)."""
    buttons = button_msgids()
    catalog = file_catalog(locales, language)
    return tuple(_entry(m, language, buttons) for m in catalog if m.id)


@cache
def entries_by_key(locales: Path, language: str) -> dict[str, Entry]:
    """Read-only: shared by every caller."""
    return {entry.key: entry for entry in file_entries(locales, language)}
