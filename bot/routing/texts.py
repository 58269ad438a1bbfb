"""Every msgid routing may show a survivor, for catalogue extraction and completeness tests.

The strings marked with `N_` in bot/routing are found by the usual extractor;
directory data (hours, descriptions, contact notes) lives in YAML, which the
extractor does not read, so `survivor_msgids` adds it from the loaded directory.
"""

from __future__ import annotations

from bot.domain import REGIONS
from bot.routing.cards import CARD_MSGIDS
from bot.routing.directory import Directory
from bot.routing.guidance import TOPICS
from bot.routing.partners import PARTNER_LINES
from bot.routing.presentation import (
    CONTACT_LABELS,
    FIXED_MSGIDS,
    GENERIC_NAMES,
    UNVERIFIED_MARK,
)
from bot.routing.reasons import NOTES, REASONS, WHAT_POLICE_NEED


def code_msgids() -> frozenset[str]:
    """The msgids written in bot/routing's code."""
    texts = {UNVERIFIED_MARK, WHAT_POLICE_NEED, *FIXED_MSGIDS, *GENERIC_NAMES, *CARD_MSGIDS}
    texts.update(REASONS.values())
    texts.update(NOTES.values())
    texts.update(region.name for region in REGIONS.values())
    texts.update(CONTACT_LABELS.values())
    texts.update(PARTNER_LINES.values())
    for topic in TOPICS.values():
        texts.update((topic.title, topic.body))
    return frozenset(texts)


def data_msgids(directory: Directory) -> frozenset[str]:
    """The survivor-visible free text of the directory files."""
    return directory.translatable_texts()


def survivor_msgids(directory: Directory) -> frozenset[str]:
    return code_msgids() | data_msgids(directory)
