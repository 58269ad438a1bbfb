"""Languages: Telegram codes, Montenegrin handled as itself, plural rules."""

from __future__ import annotations

import gettext

import pytest

from bot.i18n import LANGUAGES, Catalogues, default_locales_dir, language_from_telegram


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("sq", "sq"),
        ("sr", "sr"),
        ("sr-Latn", "sr_Latn"),
        ("sr-ME", "cnr"),
        ("cnr", "cnr"),
        ("bs", "bs"),
        ("hr", "hr"),
        ("mk", "mk"),
        ("en-GB", "en"),
        ("de", "en"),
        (None, "en"),
    ],
)
def test_language_from_telegram(code: str | None, expected: str) -> None:
    assert language_from_telegram(code) == expected


def test_montenegrin_has_its_own_name_and_plural_rule() -> None:
    cnr = LANGUAGES["cnr"]
    assert cnr.native_name == "Crnogorski"
    assert cnr.nplurals == 3


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_plural_expression_matches_count(code: str) -> None:
    language = LANGUAGES[code]
    plural = gettext.c2py(language.plural_expr)
    assert {plural(n) for n in range(200)} == set(range(language.nplurals))


def test_unknown_language_falls_back_to_english() -> None:
    catalogues = Catalogues(default_locales_dir())
    assert catalogues.translator("xx").language == "en"
    assert catalogues.translator("en").gettext("Exit") == "Exit"


def test_overrides_win_over_the_catalogue() -> None:
    catalogues = Catalogues(default_locales_dir())
    catalogues.set_overrides("mk", {("", "Exit"): "Излез сега"})
    assert catalogues.translator("mk").gettext("Exit") == "Излез сега"
