"""A service's name in the script and, where it exists, the language of the reader.

Each entry keeps its own name per language (`name_local`). A reader gets the
name in her language; failing that, the name in a language she reads
without effort (Bosnian, Croatian, Montenegrin and Serbian for one another;
Serbian for a Macedonian reader) written in her script, in the order below;
failing that, the English name. A Cyrillic reader never gets a Latin local
name and a Latin reader never a Cyrillic one; names are never joined.
Serbian is written in both scripts, so a Latin reader may get a Serbian
Cyrillic name transliterated. Albanian and the Slavic languages are not
fallbacks for each other: English reads better than a language she does
not know.
"""

from __future__ import annotations

from bot.domain import Service
from bot.transliterate import cyrillic_to_latin

SERBIAN_CYRILLIC_IN_LATIN = "sr>Latn"
"""Pseudo-code in the orders below: the `sr` name, transliterated to Latin."""

NAME_ORDER: dict[str, tuple[str, ...]] = {
    "en": (),
    "sq": ("sq",),
    "sr": ("sr", "mk"),
    "sr_Latn": ("sr_Latn", SERBIAN_CYRILLIC_IN_LATIN, "bs", "cnr", "hr"),
    "bs": ("bs", "hr", "sr_Latn", SERBIAN_CYRILLIC_IN_LATIN, "cnr"),
    "hr": ("hr", "bs", "cnr", "sr_Latn", SERBIAN_CYRILLIC_IN_LATIN),
    "cnr": ("cnr", "sr_Latn", SERBIAN_CYRILLIC_IN_LATIN, "bs", "hr"),
    "mk": ("mk", "sr"),
}
"""For each reader's language, the names to try, all in her script, before English."""

SLAVIC = frozenset({"sr", "sr_Latn", "bs", "hr", "cnr", "mk"})


def local_name(service: Service, language: str) -> str | None:
    """The best local name for a reader of `language`, or None (then use English)."""
    for code in NAME_ORDER.get(language, ()):
        if code == SERBIAN_CYRILLIC_IN_LATIN:
            if "sr" in service.name_local:
                return cyrillic_to_latin(service.name_local["sr"])
            continue
        if code in service.name_local:
            return service.name_local[code]
    return None


def display_name(service: Service, language: str) -> str:
    """Her language's name, else one in her script, else English (unescaped)."""
    return local_name(service, language) or service.name_en
