"""Every catalogue: complete, no fuzzy, same placeholders, right plurals, right script, short."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message

from bot.i18n import LANGUAGES, SOURCE_LANGUAGE, default_locales_dir
from bot.i18n_tools import po_path, read_catalog
from bot.translations.places import button_msgids

TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-žĐđ]{2,}")
NOT_PROSE = re.compile(
    r"(\{[^}]*\}|<[^>]*>|https?://\S+|\S+@\S+|\S+\.(?:org|uk|com|al|me|rs|ba|mk|gov|net|eu)\S*"
    r"|/[a-z_]+|\b[A-Z0-9][A-Z0-9-]{1,}\b)"
)
TELEGRAM_LIMIT = 4096
BUTTON_LIMIT = 64


@cache
def catalogue(code: str) -> Catalog:
    return read_catalog(po_path(default_locales_dir(), code))


@cache
def template() -> Catalog:
    return read_catalog(default_locales_dir() / "messages.pot")


def entries(code: str) -> list[Message]:
    return [m for m in catalogue(code) if m.id]


def strings(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, (tuple, list)) else (value or "",)


def source_text(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[-1]


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_has_every_template_message(code: str) -> None:
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template() if m.id}
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in entries(code)}
    assert wanted <= present, sorted(wanted - present)[:5]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_entry_is_translated_and_not_fuzzy(code: str) -> None:
    untranslated = [source_text(m)[:50] for m in entries(code) if not all(strings(m))]
    fuzzy = [source_text(m)[:50] for m in entries(code) if m.fuzzy]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match_the_source(code: str) -> None:
    wrong = []
    for message in entries(code):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = {tuple(sorted(PLACEHOLDER.findall(i))) for i in ids}
        for text in strings(message):
            if tuple(sorted(PLACEHOLDER.findall(text))) not in allowed:
                wrong.append(source_text(message)[:50])
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_entries_have_the_languages_number_of_forms(code: str) -> None:
    nplurals = LANGUAGES[code].nplurals
    plural_entries = [m for m in entries(code) if m.pluralizable]
    assert plural_entries, "the catalogue should exercise plural forms"
    for message in plural_entries:
        assert len(strings(message)) == nplurals, source_text(message)


@pytest.mark.parametrize("code", [c for c in TRANSLATED if LANGUAGES[c].script == "Latn"])
def test_latin_locales_have_no_cyrillic(code: str) -> None:
    offending = [s[:50] for m in entries(code) for s in strings(m) if CYRILLIC.search(s)]
    assert not offending, offending[:5]


@pytest.mark.parametrize("code", [c for c in TRANSLATED if LANGUAGES[c].script == "Cyrl"])
def test_cyrillic_locales_have_no_latin_prose(code: str) -> None:
    offending = []
    for message in entries(code):
        kept_from_source = set(LATIN_WORD.findall(source_text(message)))
        for text in strings(message):
            prose = NOT_PROSE.sub(" ", text)
            stray = [w for w in LATIN_WORD.findall(prose) if w not in kept_from_source]
            if stray:
                offending.append((source_text(message)[:40], stray[:3]))
    assert not offending, offending[:5]


@pytest.mark.parametrize("code", TRANSLATED)
def test_messages_fit_telegram_and_buttons_fit_a_phone(code: str) -> None:
    buttons = button_msgids()
    too_long = []
    for message in entries(code):
        for text in strings(message):
            limit = BUTTON_LIMIT if source_text(message) in buttons else TELEGRAM_LIMIT
            if len(text) > limit:
                too_long.append((source_text(message)[:40], len(text)))
    assert not too_long, too_long[:5]


def test_every_button_label_is_in_the_template() -> None:
    ids = {m.id for m in template() if m.id}
    assert button_msgids() <= ids
