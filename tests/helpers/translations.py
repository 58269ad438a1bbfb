"""Builders for translation editor tests: an administrator's client, keys of known strings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from bot.app import Application
from bot.services.translation_refresh import TranslationRefresher
from bot.storage.translation_models import entry_key
from tests.helpers.portal import caseworker, client, csrf_of, login

EXIT = entry_key("", "Exit")
PLURAL_MSGID = "{count} message"  # plural "{count} messages": what her report holds


@asynccontextmanager
async def admin_client(
    app: Application, portal: FastAPI, email: str = "admin@safe-report.test"
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A signed-in administrator and her CSRF token."""
    admin = await caseworker(app, email=email, services=[], admin=True)
    async with client(portal) as http:
        assert (await login(http, admin)).status_code == 303
        csrf = csrf_of((await http.get("/admin/translations")).text)
        yield http, csrf


def refresher(app: Application) -> TranslationRefresher:
    return TranslationRefresher(
        sessionmaker=app.sessionmaker,
        catalogues=app.catalogues,
        locales=app.catalogues.locales_dir,
        interval=0.1,
    )


async def edit_page(http: httpx.AsyncClient, language: str, key: str) -> str:
    response = await http.get("/admin/translations/{}/entry/{}".format(language, key))
    assert response.status_code == 200, response.text[:300]
    return response.text


def version_of(page: str) -> str:
    marker = 'name="version" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]
