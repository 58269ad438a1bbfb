"""The portal in the caseworker's language: its texts from the bot's catalogues (in the
"portal" context, so the translation editor shows them apart), dates and numbers
formatted by Babel for her locale.

Each account keeps its language; before sign-in the browser's Accept-Language picks
one of the eight. Montenegrin has no Babel locale: its dates and numbers follow
Montenegro's Serbian Latin (`sr_Latn_ME`), which is how they are written there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.units import format_unit

from bot.i18n import LANGUAGES, PORTAL_CONTEXT, SOURCE_LANGUAGE, Catalogues, Translator
from bot.i18n import language_from_telegram as language_from_tag
from bot.storage.types import utcnow

BABEL_LOCALES = {
    "en": "en_GB",
    "sq": "sq",
    "sr": "sr",
    "sr_Latn": "sr_Latn",
    "bs": "bs",
    "hr": "hr",
    "cnr": "sr_Latn_ME",
    "mk": "mk",
}
HTML_LANG = {"sr": "sr-Cyrl", "sr_Latn": "sr-Latn"}


@cache
def babel_locale(code: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(code, BABEL_LOCALES[SOURCE_LANGUAGE]))


@dataclass(frozen=True)
class PortalLanguage:
    """What a page needs to speak one language: its texts, dates and numbers."""

    code: str
    translator: Translator

    @property
    def locale(self) -> Locale:
        return babel_locale(self.code)

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.code, self.code)

    @property
    def native_name(self) -> str:
        return LANGUAGES[self.code].native_name

    def gettext(self, message: str) -> str:
        """A portal text (marked with `P_` or written in a template)."""
        return self.translator.pgettext(PORTAL_CONTEXT, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translator.npgettext(PORTAL_CONTEXT, singular, plural, n)

    def shared(self, message: str) -> str:
        """A text the survivor reads too (place names, guidance titles): one translation."""
        return self.translator.gettext(message)

    def when(self, value: datetime | None) -> str:
        """Date and time in UTC, as her locale writes them: "28. 11. 2026. 14:05 UTC"."""
        if value is None:
            return ""
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        day = format_date(value.astimezone(UTC), "medium", locale=self.locale)
        clock = format_time(value, "short", tzinfo=UTC, locale=self.locale)
        pattern = str(self.locale.datetime_formats["medium"])
        return "{} UTC".format(pattern.replace("{1}", day).replace("{0}", clock))

    def day(self, value: date) -> str:
        return format_date(value, "medium", locale=self.locale)

    def number(self, value: float, decimals: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def waited(self, since: datetime, until: datetime | None = None) -> str:
        """How long a case has waited, at a glance: "7 min", "3 h 5 min", "4 days"."""
        seconds = int(((until or utcnow()) - since).total_seconds())
        if seconds < 3600:
            return self._unit(max(1, seconds // 60), "duration-minute", "short")
        if seconds < 48 * 3600:
            hours = self._unit(seconds // 3600, "duration-hour", "short")
            return "{} {}".format(
                hours, self._unit(seconds % 3600 // 60, "duration-minute", "short")
            )
        return self._unit(seconds // 86400, "duration-day", "long")

    def _unit(self, value: int, unit: str, length: str) -> str:
        return str(format_unit(value, unit, length=length, locale=self.locale))  # type: ignore[arg-type]


def portal_language(catalogues: Catalogues, code: str | None) -> PortalLanguage:
    chosen = code if code in LANGUAGES else SOURCE_LANGUAGE
    assert chosen is not None
    return PortalLanguage(chosen, catalogues.translator(chosen))


def from_accept_language(header: str | None) -> str:
    """The first of the browser's languages the portal speaks (English if none)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag))
    for _quality, _index, tag in sorted(weighted):
        code = language_from_tag(tag)
        if code != SOURCE_LANGUAGE or tag.lower().startswith("en"):
            return code
    return SOURCE_LANGUAGE
