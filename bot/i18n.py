"""Translation of survivor-visible text through gettext catalogues.

Every survivor-visible string is written as `_("…")` (or `N_("…")` where it is
declared as data and translated later) and formatted with `.format()` after
translation, never with an f-string inside `_()`.

Languages are ours, not Babel's: Montenegrin (`cnr`) has no Babel locale, so
each language is described here with its own plural rule and display name.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.domain.msgids import N_ as N_

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
PORTAL_CONTEXT = "portal"
"""The msgctxt of every text of the caseworker portal (templates and `P_` strings), so
that the editor and .po tools tell them apart from what the survivor reads."""


def P_(message: str) -> str:
    """Mark a text of the caseworker portal; the portal translates it where it is shown."""
    return message


def PN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a portal text with plural forms: `lang.ngettext(*PN_("{count} case", …), n)`."""
    return singular, plural


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str
    script: str  # "Latn" or "Cyrl"
    nplurals: int
    plural_expr: str


# Plural rules as gettext writes them (CLDR for the South Slavic languages).
_SLAVIC = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"

LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "English", "Latn", 2, "(n != 1)"),
    "sq": Language("sq", "Shqip", "Albanian", "Latn", 2, "(n != 1)"),
    "sr": Language("sr", "Српски", "Serbian (Cyrillic)", "Cyrl", 3, _SLAVIC),
    "sr_Latn": Language("sr_Latn", "Srpski", "Serbian (Latin)", "Latn", 3, _SLAVIC),
    "bs": Language("bs", "Bosanski", "Bosnian", "Latn", 3, _SLAVIC),
    "hr": Language("hr", "Hrvatski", "Croatian", "Latn", 3, _SLAVIC),
    "cnr": Language("cnr", "Crnogorski", "Montenegrin", "Latn", 3, _SLAVIC),
    "mk": Language("mk", "Македонски", "Macedonian", "Cyrl", 2, "(n%10==1 && n%100!=11 ? 0 : 1)"),
}


def language_from_telegram(code: str | None) -> str:
    """Best guess of our language from Telegram's `language_code` (IETF tag)."""
    if not code:
        return SOURCE_LANGUAGE
    tag = code.replace("_", "-").lower()
    primary = tag.split("-")[0]
    if tag in ("sr-latn", "sr-latn-rs", "sr-latn-me", "sr-latn-ba"):
        return "sr_Latn"
    if primary == "cnr" or tag in ("sr-me",):
        return "cnr"
    if primary in LANGUAGES:
        return primary
    if primary == "sh":
        return "sr_Latn"
    return SOURCE_LANGUAGE


class TranslatorLike(Protocol):
    """What flows and routing need of a translator (a `Translator`, or a test's stand-in)."""

    language: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


OverrideText = str | tuple[str, ...]
"""An override: the text, or every plural form of a plural entry (keyed by its singular)."""

OverrideLookup = Callable[[str, str, str], str | None]
"""(language, context, msgid) -> an administrator's override, or None."""


class Translator:
    """Translates for one language: catalogue overrides first, then the .mo file."""

    def __init__(
        self,
        language: str,
        catalogue: gettext.NullTranslations,
        overrides: Mapping[tuple[str, str], OverrideText] | None = None,
    ) -> None:
        self.language = language
        self._catalogue = catalogue
        self._overrides = overrides or {}

    def gettext(self, message: str) -> str:
        override = self._overrides.get(("", message))
        if override and isinstance(override, str):
            return override
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._overrides.get(("", singular))
        if isinstance(forms, tuple) and forms:
            index = plural_index(self.language, n)
            return forms[min(index, len(forms) - 1)]
        return self._catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        override = self._overrides.get((context, message))
        if override and isinstance(override, str):
            return override
        return self._catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        forms = self._overrides.get((context, singular))
        if isinstance(forms, tuple) and forms:
            index = plural_index(self.language, n)
            return forms[min(index, len(forms) - 1)]
        return self._catalogue.npgettext(context, singular, plural, n)


def plural_index(language: str, n: int) -> int:
    """Which plural form `n` takes in `language`, from our own rule (not Babel's)."""
    rule = LANGUAGES.get(language, LANGUAGES[SOURCE_LANGUAGE]).plural_expr
    return int(_compiled_rule(rule)(n))


@functools.cache
def _compiled_rule(expr: str) -> Callable[[int], int]:
    return gettext.c2py(expr)


class Catalogues:
    """Compiled catalogues of every language, loaded once at start.

    Overrides edited by administrators (see the translation editor) are laid
    over the files with `set_overrides`, so a change needs no restart.
    """

    def __init__(self, locales_dir: Path) -> None:
        self._locales_dir = locales_dir
        self._catalogues: dict[str, gettext.NullTranslations] = {}
        self._overrides: dict[str, dict[tuple[str, str], OverrideText]] = {}
        for code in LANGUAGES:
            self._catalogues[code] = self._load(code)

    def _load(self, code: str) -> gettext.NullTranslations:
        if code == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        try:
            return gettext.translation(DOMAIN, localedir=self._locales_dir, languages=[code])
        except FileNotFoundError:
            return gettext.NullTranslations()

    @property
    def locales_dir(self) -> Path:
        return self._locales_dir

    def set_overrides(
        self, language: str, overrides: Mapping[tuple[str, str], OverrideText]
    ) -> None:
        self._overrides[language] = dict(overrides)

    def translator(self, language: str | None) -> Translator:
        code = language if language in LANGUAGES else SOURCE_LANGUAGE
        assert code is not None
        return Translator(code, self._catalogues[code], self._overrides.get(code))


def default_locales_dir() -> Path:
    return Path(__file__).resolve().parent / "locales"
