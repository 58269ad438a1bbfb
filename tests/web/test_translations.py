"""The translation editor: checks refuse in plain words, history and revert, .po round trip,
administrators only, and the running bot picks up a change without a restart."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.i18n import default_locales_dir
from bot.storage.translation_models import TranslationChange, TranslationOverride, entry_key
from tests.helpers.portal import caseworker, client, csrf_of, login
from tests.helpers.translations import (
    EXIT,
    PLURAL_MSGID,
    admin_client,
    edit_page,
    refresher,
    version_of,
)

SENT_MSGID = (
    "Your report has been sent. Your reference code is {reference}.\n\n"
    "Keep it somewhere safe. /status {reference} shows what is happening with your report. A "
    "caseworker reads reports in order of urgency. You can delete everything at any time with "
    "/forget."
)


async def _changes(app: Application) -> list[TranslationChange]:
    async with app.sessionmaker() as session:
        return list((await session.exec(select(TranslationChange))).all())


async def test_checks_refuse_a_broken_placeholder_and_a_missing_plural_form(
    app: Application, portal: FastAPI
) -> None:
    async with admin_client(app, portal) as (http, csrf):
        key = entry_key("", SENT_MSGID)
        page = await edit_page(http, "mk", key)
        broken = "Пријавата е испратена. Твојот код е {referenca}. /status {referenca}"
        response = await http.post(
            "/admin/translations/mk/entry/{}".format(key),
            data={"csrf": csrf, "version": version_of(page), "form_0": broken},
        )
        assert response.status_code == 400
        assert "Not saved." in response.text
        assert "The translation must keep {reference} exactly as it is." in response.text
        assert broken in response.text  # what she typed is kept for her to fix

        plural = entry_key("", PLURAL_MSGID)
        page = await edit_page(http, "mk", plural)
        assert "form 2 (for 0, 2, 3, 4…)" in page
        response = await http.post(
            "/admin/translations/mk/entry/{}".format(plural),
            data={
                "csrf": csrf,
                "version": version_of(page),
                "form_0": "Благодарам. Пријавата содржи {count} порака.",
                "form_1": "",
            },
        )
        assert response.status_code == 400
        assert "Macedonian needs 2 plural forms" in response.text

        # The live check says the same while she types.
        checked = await http.post(
            "/admin/translations/mk/entry/{}/check".format(key),
            data={"csrf": csrf, "form_0": "Код: {reference} <b>важно"},
        )
        body = checked.json()
        assert body["blocked"] is True
        assert any("bold" in p["message"] for p in body["problems"])
        assert "tg-bubble" in body["preview"]
    assert await _changes(app) == []


async def test_save_reaches_the_bot_and_revert_is_recorded(
    app: Application, portal: FastAPI
) -> None:
    bot = refresher(app)
    await bot.refresh()
    assert app.catalogues.translator("mk").gettext("Exit") == "Излези"
    async with admin_client(app, portal) as (http, csrf):
        page = await edit_page(http, "mk", EXIT)
        assert "The Exit button under every message" in page
        saved = await http.post(
            "/admin/translations/mk/entry/{}".format(EXIT),
            data={"csrf": csrf, "version": version_of(page), "form_0": "<b>Излез веднаш</b>"},
        )
        assert saved.status_code == 303
        assert await bot.refresh()
        assert app.catalogues.translator("mk").gettext("Exit") == "<b>Излез веднаш</b>"

        page = (await http.get(saved.headers["location"])).text
        assert (
            "Saved." in page
            and '<span class="tg-button tg-mine"><b>Излез веднаш</b></span>' in page
        )
        # A stale form (someone saved meanwhile) is refused, not silently overwritten.
        stale = await http.post(
            "/admin/translations/mk/entry/{}".format(EXIT),
            data={"csrf": csrf, "version": "0", "form_0": "Крај"},
        )
        assert stale.status_code == 400 and "Someone else changed this text" in stale.text

        [change] = await _changes(app)
        assert (change.before_text, change.after_text) == (None, "<b>Излез веднаш</b>")
        history = (await http.get("/admin/translations/mk/history")).text
        assert "admin" in history and "Излез веднаш" in history
        reverted = await http.post(
            "/admin/translations/changes/{}/revert".format(change.id), data={"csrf": csrf}
        )
        assert reverted.status_code == 303
    assert await bot.refresh()
    assert app.catalogues.translator("mk").gettext("Exit") == "Излези"
    kinds = sorted(c.kind for c in await _changes(app))
    assert kinds == ["edit", "revert"]


def _template_size() -> int:
    """Every text the editor offers: the template's messages."""
    with (default_locales_dir() / "messages.pot").open("rb") as handle:
        return sum(1 for message in read_po(handle) if message.id)


async def test_status_and_banner(app: Application, portal: FastAPI) -> None:
    total = _template_size()
    async with admin_client(app, portal) as (http, csrf):
        before = (await http.get("/admin/translations/mk")).text
        # The portal groups thousands ("1,000"), as the template's `number` filter does.
        assert "0 of {:,} texts (0%) reviewed".format(total) in before
        response = await http.post(
            "/admin/translations/mk/entry/{}/status".format(EXIT),
            data={"csrf": csrf, "status": "reviewed"},
        )
        assert response.status_code == 303
        after = (await http.get("/admin/translations/mk?status=reviewed")).text
        assert "1 of {:,} texts".format(total) in after and "1 text shown" in after
        guidance = (await http.get("/admin/translations/mk?area=guidance")).text
        assert "20 texts shown" in guidance
        directory = (await http.get("/admin/translations/mk?area=directory&where=hours")).text
        assert "Services directory" in directory


async def test_serbian_latin_follows_cyrillic_unless_it_has_its_own_text(
    app: Application, portal: FastAPI
) -> None:
    async with admin_client(app, portal) as (http, csrf):
        page = await edit_page(http, "sr", EXIT)
        response = await http.post(
            "/admin/translations/sr/entry/{}".format(EXIT),
            data={"csrf": csrf, "version": version_of(page), "form_0": "Изађи одмах"},
        )
        assert "latin=updated" in response.headers["location"]
        page = await edit_page(http, "sr_Latn", EXIT)
        assert "Izađi odmah" in page
        await http.post(
            "/admin/translations/sr_Latn/entry/{}".format(EXIT),
            data={"csrf": csrf, "version": version_of(page), "form_0": "Izlaz"},
        )
        page = await edit_page(http, "sr", EXIT)
        response = await http.post(
            "/admin/translations/sr/entry/{}".format(EXIT),
            data={"csrf": csrf, "version": version_of(page), "form_0": "Излаз"},
        )
        assert "latin=own" in response.headers["location"]
    async with app.sessionmaker() as session:
        latin = (
            await session.exec(
                select(TranslationOverride).where(TranslationOverride.language == "sr_Latn")
            )
        ).one()
    assert latin.text == "Izlaz" and not latin.derived


async def test_export_then_import_changes_nothing(app: Application, portal: FastAPI) -> None:
    async with admin_client(app, portal) as (http, csrf):
        plural = entry_key("", PLURAL_MSGID)
        page = await edit_page(http, "mk", plural)
        await http.post(
            "/admin/translations/mk/entry/{}".format(plural),
            data={
                "csrf": csrf,
                "version": version_of(page),
                "status": "reviewed",
                "form_0": "Ти благодарам. Пријавата има {count} порака или датотека.",
                "form_1": "Ти благодарам. Пријавата има {count} пораки или датотеки.",
            },
        )
        exported = await http.get("/admin/translations/mk/export")
        assert exported.status_code == 200
        assert "attachment" in exported.headers["content-disposition"]
        text = exported.text
        assert '"Language: mk\\n"' in text and "#, python-brace-format, reviewed" in text
        assert "#, fuzzy" not in text and ", fuzzy" not in text
        before = len(await _changes(app))

        checked = await http.post(
            "/admin/translations/mk/import",
            data={"csrf": csrf},
            files={"file": ("mk.po", exported.content, "text/x-gettext-translation")},
        )
        assert checked.status_code == 200
        unchanged = "{} unchanged".format(_template_size())
        assert "0 changes to apply" in checked.text and unchanged in checked.text
        payload = checked.text.split('name="payload" value="', 1)
        assert len(payload) == 1  # nothing to apply: no Apply form

        # The same file with one line edited shows that change, then applies it as recorded.
        edited = text.replace('msgstr "Излези"', 'msgstr "Затвори"')
        checked = await http.post(
            "/admin/translations/mk/import",
            data={"csrf": csrf},
            files={"file": ("mk.po", edited.encode(), "text/x-gettext-translation")},
        )
        assert "1 change to apply" in checked.text and "Затвори" in checked.text
        encoded = checked.text.split('name="payload" value="', 1)[1].split('"', 1)[0]
        applied = await http.post(
            "/admin/translations/mk/import/apply", data={"csrf": csrf, "payload": encoded}
        )
        assert applied.status_code == 303
        assert len(await _changes(app)) == before + 1

        wrong = await http.post(
            "/admin/translations/sr/import",
            data={"csrf": csrf},
            files={"file": ("mk.po", exported.content, "text/x-gettext-translation")},
        )
        assert "This file is for Macedonian, not Serbian (Cyrillic)" in wrong.text
        broken = edited.replace('msgstr "Затвори"', 'msgstr "Затвори {exit}"')
        checked = await http.post(
            "/admin/translations/mk/import",
            data={"csrf": csrf},
            files={"file": ("mk.po", broken.encode(), "text/x-gettext-translation")},
        )
        assert "1 refused" in checked.text and "{exit} is not in the original" in checked.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/translations"),
        ("get", "/admin/translations/mk"),
        ("get", "/admin/translations/mk/entry/" + EXIT),
        ("get", "/admin/translations/mk/history"),
        ("get", "/admin/translations/mk/export"),
        ("post", "/admin/translations/mk/entry/" + EXIT),
        ("post", "/admin/translations/mk/entry/{}/status".format(EXIT)),
        ("post", "/admin/translations/mk/import/apply"),
    ],
)
async def test_only_administrators_may_edit(
    app: Application, portal: FastAPI, method: str, path: str
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    async with client(portal) as http:
        anonymous = await getattr(http, method)(path)
        assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]
        await login(http, worker)
        csrf = csrf_of((await http.get("/inbox")).text)
        kwargs = {"data": {"csrf": csrf, "form_0": "x", "version": "0"}} if method == "post" else {}
        assert (await getattr(http, method)(path, **kwargs)).status_code == 403
    async with admin_client(app, portal) as (http, _csrf):
        if method == "post":  # an administrator without the form's token is refused too
            response = await http.post(path, data={"form_0": "x", "version": "0"})
            assert response.status_code == 403 and "The form has expired" in response.text
        assert (await http.get("/admin/translations/xx")).status_code == 403
    assert await _changes(app) == []


async def test_length_is_checked_as_telegram_counts(app: Application, portal: FastAPI) -> None:
    """Telegram counts UTF-16 units of the text she sees: 2,100 emoji are 4,200 and are
    refused; 4,000 letters inside bold tags are 4,000 and fit."""
    async with admin_client(app, portal) as (http, csrf):
        key = entry_key("", SENT_MSGID)
        url = "/admin/translations/mk/entry/{}/check".format(key)
        codes = " {reference} /status {reference}"
        emoji = await http.post(url, data={"csrf": csrf, "form_0": "😀" * 2100 + codes})
        assert emoji.json()["blocked"] is True
        assert any("at most 4096" in p["message"] for p in emoji.json()["problems"])
        bold = await http.post(
            url, data={"csrf": csrf, "form_0": "<b>" + "д" * 4000 + "</b>" + codes}
        )
        assert not any("at most 4096" in p["message"] for p in bold.json()["problems"])
