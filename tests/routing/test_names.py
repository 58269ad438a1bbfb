"""Service names in her script and, where one exists, her language; never joined."""

from __future__ import annotations

import gettext
import itertools
import re

import pytest

from bot.domain import (
    REGIONS_BY_COUNTRY,
    AgeGroup,
    Category,
    Country,
    Relationship,
    ServiceType,
    Severity,
)
from bot.i18n import LANGUAGES, Translator
from bot.routing.directory import Directory
from bot.routing.names import NAME_ORDER, SERBIAN_CYRILLIC_IN_LATIN, SLAVIC, display_name
from bot.routing.presentation import render_service_blocks, service_name
from bot.routing.rules import route

from .conftest import make_input

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-zÀ-žĐđ]")
GENERIC = (ServiceType.EMERGENCY, ServiceType.POLICE)


def _script(language: str) -> str:
    return LANGUAGES[language].script


def test_every_fallback_is_in_the_readers_script() -> None:
    assert set(NAME_ORDER) == set(LANGUAGES)
    for language, order in NAME_ORDER.items():
        assert not order or order[0] == language
        for code in order:
            script = "Latn" if code == SERBIAN_CYRILLIC_IN_LATIN else _script(code)
            assert script == _script(language), (language, code)
            # Albanian and the Slavic languages never stand in for each other.
            related = "sr" if code == SERBIAN_CYRILLIC_IN_LATIN else code
            assert (related in SLAVIC) == (language in SLAVIC), (language, code)


def test_local_names_are_kept_per_language_and_in_their_script(directory: Directory) -> None:
    for service in directory:
        for code, name in service.name_local.items():
            assert " / " not in name, service.id
            if _script(code) == "Cyrl":
                assert not LATIN.search(name), (service.id, code, name)
            else:
                assert not CYRILLIC.search(name), (service.id, code, name)


def test_serbian_and_macedonian_services_have_names_in_their_scripts(
    directory: Directory,
) -> None:
    """A Serbian reader is not left with English where a Serbian name exists in Latin."""
    for service in directory:
        if service.type in GENERIC:
            continue
        if "sr_Latn" in service.name_local:
            assert "sr" in service.name_local, service.id
        if service.country is Country.NORTH_MACEDONIA:
            assert "mk" in service.name_local, service.id


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_name_is_in_the_readers_script(directory: Directory, language: str) -> None:
    for service in directory:
        name = display_name(service, language)
        if language == "en":
            assert name == service.name_en
        elif _script(language) == "Latn":
            assert not CYRILLIC.search(name), (language, service.id, name)
        elif LATIN.search(name):
            # Only the English name, where no name in Cyrillic exists.
            assert name == service.name_en, (language, service.id, name)
            assert not any(_script(c) == "Cyrl" for c in service.name_local), service.id


EXPECTED = [
    ("rs-sos-0800222003", "sr", "Национална СОС линија за жене са искуством насиља"),
    ("rs-sos-0800222003", "sr_Latn", "Nacionalna SOS linija za žene sa iskustvom nasilja"),
    ("rs-sos-0800222003", "bs", "Nacionalna SOS linija za žene sa iskustvom nasilja"),
    ("rs-sos-0800222003", "mk", "Национална СОС линија за жене са искуством насиља"),
    ("rs-sos-0800222003", "sq", "National SOS line for women who have experienced violence"),
    ("rs-sos-0800222003", "en", "National SOS line for women who have experienced violence"),
    ("mk-ncge-sos", "mk", "СОС линија – Национален совет за родова рамноправност (НСРР)"),
    ("mk-ncge-sos", "sq", "Linja SOS – Këshilli Kombëtar për Barazi Gjinore"),
    ("mk-ncge-sos", "sr", "СОС линија – Национален совет за родова рамноправност (НСРР)"),
    ("mk-ncge-sos", "hr", "NCGE SOS line (National Council for Gender Equality)"),
    ("mk-nadez-15315", "sq", "SOS Linja – Qendra e krizës „Shpresa“"),
    ("xk-victim-advocates-0800", "sq", "Zyra për Mbrojtje dhe Ndihmë të Viktimave"),
    ("xk-victim-advocates-0800", "sr", "Канцеларија за заштиту и помоћ жртвама"),
    ("xk-victim-advocates-0800", "cnr", "Kancelarija za zaštitu i pomoć žrtvama"),
    ("xk-victim-advocates-0800", "mk", "Канцеларија за заштиту и помоћ жртвама"),
    ("xk-linja-e-jetes", "sr", "Linja e Jetës – suicide prevention line"),
    ("xk-linja-e-jetes", "bs", "Linja e Jetës – suicide prevention line"),
    ("ba-fbih-sos-1265", "sr", "СОС телефон за жртве насиља у породици ФБиХ"),
    ("ba-fbih-sos-1265", "hr", "SOS telefon za žrtve nasilja u porodici FBiH"),
    ("me-sos-080111111", "sr_Latn", "Nacionalna SOS linija za žrtve nasilja u porodici"),
    ("me-sos-080111111", "sr", "National SOS line for victims of domestic violence "
     "(SOS telefon Nikšić)"),
]  # fmt: skip


@pytest.mark.parametrize(("service_id", "language", "name"), EXPECTED)
def test_names_by_language(directory: Directory, service_id: str, language: str, name: str) -> None:
    assert display_name(directory.get(service_id), language) == name


def test_serbian_cyrillic_names_are_transliterated_for_latin_readers(
    directory: Directory,
) -> None:
    service = directory.get("rs-centar-srce")
    bare = type(service.name_local)({"sr": service.name_local["sr"]})
    from dataclasses import replace

    only_cyrillic = replace(service, name_local=bare)
    assert display_name(only_cyrillic, "hr") == "Centar Srce"


PLACES = [
    (country, region)
    for country in Country
    for region in (None, *REGIONS_BY_COUNTRY.get(country, ()))
]


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_rendered_service_names_are_in_her_script(directory: Directory, language: str) -> None:
    """Scan every heading she can be shown, in every place, for letters of the other script."""
    t = Translator(language, gettext.NullTranslations())
    headings = 0
    for (country, region), cats, age, rel in itertools.product(
        PLACES,
        [frozenset(), frozenset(Category)],
        AgeGroup,
        (None, Relationship.PARTNER_OR_EX),
    ):
        decision = route(
            make_input(
                country=country,
                region=region,
                categories=cats,
                age=age,
                relationship=rel,
                severity=Severity.CRITICAL,
                in_danger=True,
            ),
            directory=directory,
            partners=(),
        )
        for match in decision.signposted:
            if match.service.type in GENERIC:
                continue  # translated names (msgids), checked with the catalogues
            name = service_name(match.service, t)
            block = next(
                b
                for b in render_service_blocks(decision, t)
                if b.startswith("<b>{}</b>".format(name))
            )
            headings += 1
            assert " / " not in name
            if _script(language) == "Latn":
                assert not CYRILLIC.search(block.splitlines()[0]), (language, name)
            elif LATIN.search(name):
                assert name == match.service.name_en.replace("&", "&amp;"), (language, name)
    assert headings > 500
