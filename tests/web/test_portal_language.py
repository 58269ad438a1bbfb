"""The portal in eight languages: each account's choice, the browser's before sign-in, dates
and numbers by Babel, the portal's texts in the same catalogues and editor as the bot's."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.i18n import LANGUAGES, PORTAL_CONTEXT
from bot.storage.portal_models import Account, AuditEntry
from bot.storage.translation_models import entry_key
from bot.web.language import from_accept_language, portal_language
from tests.helpers.portal import caseworker, client, csrf_of, login, submit_report
from tests.helpers.translations import admin_client, edit_page, refresher, version_of

SERBIAN_STORY = "Прети ми да ће објавити где живим."
MOMENT = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "28 Nov 2026, 14:05 UTC"),
        ("sr", "28. 11. 2026. 14:05 UTC"),
        ("sr_Latn", "28. 11. 2026. 14:05 UTC"),
        ("hr", "28. stu 2026. 14:05 UTC"),
        ("bs", "28. nov 2026. 14:05 UTC"),
        ("cnr", "28. 11. 2026. 14:05 UTC"),
        ("mk", "28 ное. 2026 г., 14:05 UTC"),
        ("sq", "28 nën 2026, 2:05 m.d. UTC"),
    ],
)
def test_dates_are_written_as_her_locale_writes_them(
    app: Application, code: str, written: str
) -> None:
    found = portal_language(app.catalogues, code).when(MOMENT)
    assert " ".join(found.split()) == written  # (Babel's own no-break spaces as plain ones)


def test_numbers_and_waiting_times_follow_the_locale(app: Application) -> None:
    english = portal_language(app.catalogues, "en")
    serbian = portal_language(app.catalogues, "sr")
    albanian = portal_language(app.catalogues, "sq")
    assert english.number(1234.5, 1) == "1,234.5"
    assert serbian.number(1234.5, 1) == "1.234,5"
    assert albanian.number(0.87, 2) == "0,87"
    assert english.waited(MOMENT - timedelta(hours=3, minutes=5), MOMENT) == "3 hrs 5 mins"
    assert serbian.waited(MOMENT - timedelta(hours=3, minutes=5), MOMENT) == "3 сата 5 мин"
    assert serbian.waited(MOMENT - timedelta(days=21), MOMENT) == "21 дан"
    assert serbian.waited(MOMENT - timedelta(days=3), MOMENT) == "3 дана"
    assert serbian.day(date(2026, 11, 29)) == "29. 11. 2026."


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("sr-Latn-RS,sr;q=0.8,en;q=0.5", "sr_Latn"),
        ("mk-MK,mk;q=0.9", "mk"),
        ("de-DE,de;q=0.9,sq;q=0.7", "sq"),
        ("en-GB,en;q=0.9,sr;q=0.5", "en"),
        ("sr;q=0.3,hr;q=0.9", "hr"),
        ("cnr", "cnr"),
        ("", "en"),
        ("fr;q=abc, *", "en"),
    ],
)
def test_the_browsers_language_before_sign_in(header: str, code: str) -> None:
    assert from_accept_language(header) == code


async def test_each_account_picks_its_language_and_the_inbox_speaks_it(
    app: Application, portal: FastAPI
) -> None:
    worker = await caseworker(app, email="jelena@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=901, narrative=SERBIAN_STORY)
    async with client(portal) as http:
        await login(http, worker)
        english = (await http.get("/inbox")).text
        assert '<html lang="en">' in english and "<h1>Inbox</h1>" in english
        page = await http.get("/account/language")
        assert all(language.native_name in page.text for language in LANGUAGES.values())
        refused = await http.post(
            "/account/language", data={"csrf": csrf_of(page.text), "language": "de"}
        )
        assert refused.status_code == 400
        chosen = await http.post(
            "/account/language", data={"csrf": csrf_of(page.text), "language": "sr"}
        )
        assert chosen.status_code == 303
        confirmation = (await http.get(chosen.headers["location"])).text
        inbox = (await http.get("/inbox")).text
        case_page = (await http.get("/cases/{}".format(case.id))).text
        forbidden = await http.get("/cases/not-a-case")
    assert "Портал сада говори вашим језиком." in confirmation
    assert '<html lang="sr-Cyrl">' in inbox
    assert "<h1>Пријемно сандуче</h1>" in inbox
    assert "Објављивање личних података" in inbox  # doxxing, in her words
    assert "Србија" in inbox  # the place, in the bot's own Serbian
    assert "1 случај, најозбиљнији први, затим они који најдуже чекају." in inbox
    assert "Нов" in inbox
    assert SERBIAN_STORY in case_page  # her words stay hers
    assert "Њен језик: енглески – English" in case_page  # she used the bot in English
    assert forbidden.status_code == 403 and "Није вам доступно" in forbidden.text
    async with app.sessionmaker() as session:
        account = (await session.exec(select(Account).where(Account.email == worker.email))).one()
        audit = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "language_changed"))
        ).all()
    assert account.language == "sr"
    assert [(a.actor, a.detail) for a in audit] == [("jelena", "sr")]


async def test_the_sign_in_page_speaks_the_browsers_language(portal: FastAPI) -> None:
    async with client(portal) as http:
        albanian = await http.get("/login", headers={"Accept-Language": "sq-AL,sq;q=0.9"})
        english = await http.get("/login", headers={"Accept-Language": "de-DE"})
    assert '<html lang="sq">' in albanian.text and "<h1>Hyr</h1>" in albanian.text
    assert "<h1>Sign in</h1>" in english.text


async def test_an_administrator_gives_a_new_account_its_language(
    app: Application, portal: FastAPI
) -> None:
    async with admin_client(app, portal) as (http, csrf):
        response = await http.post(
            "/admin/accounts",
            data={
                "csrf": csrf,
                "email": "ana@demo-mk.org",
                "display_name": "Ana",
                "role": "caseworker",
                "language": "mk",
            },
        )
        assert response.status_code == 200
        assert "Македонски" in response.text or "македонски" in response.text
    async with app.sessionmaker() as session:
        account = (
            await session.exec(select(Account).where(Account.email == "ana@demo-mk.org"))
        ).one()
    assert account.language == "mk"


async def test_portal_texts_are_apart_in_the_editor_and_an_edit_reaches_the_portal(
    app: Application, portal: FastAPI
) -> None:
    bot = refresher(app)
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"], language="sr")
    async with admin_client(app, portal) as (http, csrf):
        listed = (await http.get("/admin/translations/sr?area=portal&q=Inbox")).text
        assert (
            'href="/admin/translations/sr/entry/{}"'.format(entry_key(PORTAL_CONTEXT, "Inbox"))
            in listed
        )
        assert '<span class="tag">portal</span>' in listed
        assert "Portal: inbox" in listed  # where it is shown, in plain words
        survivor = (await http.get("/admin/translations/sr?area=portal&q=safe+right+now")).text
        assert "Yes, I&#39;m safe right now" not in survivor  # the bot's texts stay apart
        key = entry_key(PORTAL_CONTEXT, "Inbox")
        page = await edit_page(http, "sr", key)
        assert "As the caseworker portal shows it." in page and "tg-bubble" not in page
        saved = await http.post(
            "/admin/translations/sr/entry/{}".format(key),
            data={"csrf": csrf, "version": version_of(page), "form_0": "Долазни случајеви"},
        )
        assert saved.status_code == 303
        assert "The portal uses the new text" in (await http.get(saved.headers["location"])).text
    assert await bot.refresh()
    async with client(portal) as http:
        await login(http, worker)
        inbox = (await http.get("/inbox")).text
    assert "<h1>Долазни случајеви</h1>" in inbox
    assert app.catalogues.translator("sr").gettext("Exit") != "Долазни случајеви"


# Latin words a Cyrillic page may hold: names of things, not untranslated portal text.
ALLOWED_LATIN = {
    "Safe",
    "Report",
    "PDF",
    "CSV",
    "UTC",
    "SHA",
    "KB",
    "English",
    "Shqip",
    "Srpski",
    "Bosanski",
    "Hrvatski",
    "Crnogorski",
    "sq",
    "sr",
    "Latn",
    "bs",
    "hr",
    "cnr",
    "mk",
    "en",
    "demo",
    "docs",
    "keys",
    "md",  # service ids, a file name
}


def _latin_words(page: str, *, remove: tuple[str, ...]) -> set[str]:
    body = page.split("<body>", 1)[1]
    body = re.sub(r'<ul class="shown">.*?</ul>', " ", body, flags=re.S)  # service names
    body = re.sub(r'<span class="[a-z ]*mono">.*?</span>', " ", body, flags=re.S)  # codes, ids
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    for value in remove:
        text = text.replace(value, " ")
    text = re.sub(r"\S+@\S+", " ", text)
    text = re.sub(r"\b[a-z]+(?:[._][a-z]+)+\b", " ", text)  # ids (safety word rules)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_LATIN}


async def test_a_serbian_portal_page_has_no_english_left(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    """Every text of these pages is marked and translated: on a Cyrillic page, any
    English word that is not a name, an address or a code is a text someone missed."""
    admin = await caseworker(
        app, email="jelena@demo-rs.org", services=["demo-rs"], admin=True, language="sr"
    )
    case = await submit_report(app, user_id=911, narrative=SERBIAN_STORY)
    async with client(portal) as http:
        await login(http, admin)
        page = await http.get("/cases/{}".format(case.id))
        csrf = csrf_of(page.text)
        await http.post("/cases/{}/take".format(case.id), data={"csrf": csrf})
        await http.post(
            "/cases/{}/status".format(case.id),
            data={"csrf": csrf, "status": "closed", "outcome": "support_given"},
        )
        await http.post("/cases/{}/note".format(case.id), data={"csrf": csrf, "body": "Белешка"})
        await http.get("/inbox/export.csv?status=all")
        pages = {}
        for path in (
            "/inbox?status=all",
            "/cases/{}".format(case.id),
            "/account/password",
            "/account/language",
            "/admin",
            "/admin/accounts",
            "/admin/services",
            "/admin/activity",
            "/admin/translations",
        ):
            response = await http.get(path)
            assert response.status_code == 200, path
            pages[path] = response.text
    partners = tuple(p.name for p in app.routing.partners)
    leftovers = {
        path: _latin_words(text, remove=(case.reference, "jelena", *partners))
        for path, text in pages.items()
    }
    assert {path: words for path, words in leftovers.items() if words} == {}
