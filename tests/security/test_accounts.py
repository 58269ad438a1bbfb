"""Findings 9 and 13: a password change signs out the other browsers; authenticator
secrets are encrypted under the portal's key, a code signs in once, and a new account
enrols its authenticator in the portal (the QR page in Chromium: tests/security/test_browser)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

import httpx
import pyotp
from sqlmodel import select

from bot.app import Application
from bot.services import accounts as account_service
from bot.storage.portal_models import Account
from tests.helpers.portal import FAST_KDF, PASSWORD, TEST_PORTAL_KEY, caseworker, csrf_of, login
from tests.helpers.remnants import database_bytes

LivePortal = Callable[..., AbstractAsyncContextManager[str]]
STRICT = {"sandbox": False, "require_totp": True}  # TOTP as deployed; plain HTTP on loopback


async def test_password_change_signs_out_every_other_session(
    app: Application, live_portal: LivePortal
) -> None:
    worker = await caseworker(app, email="moving@service.org", services=["demo-rs"])
    async with (
        live_portal() as url,
        httpx.AsyncClient(base_url=url, timeout=60) as mine,
        httpx.AsyncClient(base_url=url, timeout=60) as stolen,
    ):
        for http in (mine, stolen):
            assert (await login(http, worker)).status_code == 303
            assert (await http.get("/inbox")).status_code == 200
        page = await mine.get("/account/password")
        new = "a new and longer passphrase"
        answer = await mine.post(
            "/account/password",
            data={"csrf": csrf_of(page.text), "current": PASSWORD, "new": new, "repeat": new},
        )
        assert answer.status_code == 303
        assert (await mine.get("/inbox")).status_code == 200  # she stays signed in
        bounced = await stolen.get("/inbox")
        assert bounced.status_code == 303 and bounced.headers["location"].startswith("/login")


async def test_totp_secrets_are_encrypted_at_rest(app: Application) -> None:
    worker = await caseworker(app, email="secret@service.org", services=[])
    assert worker.totp
    async with app.sessionmaker() as session:
        account = (await session.exec(select(Account).where(Account.email == worker.email))).one()
    assert account.totp_secret is None and account.totp_secret_enc
    assert account_service.totp_secret(account, TEST_PORTAL_KEY) == worker.totp
    assert account_service.totp_secret(account, bytes(32)) is None  # another key opens nothing
    raw = await database_bytes(app.settings.database_url)
    assert worker.totp.encode() not in raw


async def test_a_secret_kept_in_clear_is_encrypted_at_the_next_sign_in(
    app: Application, live_portal: LivePortal
) -> None:
    worker = await caseworker(app, email="legacy@service.org", services=["demo-rs"])
    async with app.sessionmaker() as session, session.begin():
        account = (await session.exec(select(Account).where(Account.email == worker.email))).one()
        account.totp_secret, account.totp_secret_enc = worker.totp, None  # as an older version
        session.add(account)
    async with live_portal(**STRICT) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
        assert (await login(http, worker)).status_code == 303
    async with app.sessionmaker() as session:
        account = (await session.exec(select(Account).where(Account.email == worker.email))).one()
    assert account.totp_secret is None
    assert account_service.totp_secret(account, TEST_PORTAL_KEY) == worker.totp


async def test_a_code_signs_in_once(app: Application, live_portal: LivePortal) -> None:
    worker = await caseworker(app, email="replay@service.org", services=["demo-rs"])
    assert worker.totp
    totp = pyotp.TOTP(worker.totp)
    async with live_portal(**STRICT) as url:
        code = totp.now()
        async with httpx.AsyncClient(base_url=url, timeout=60) as first:
            assert (await login(first, worker, code=code)).status_code == 303
        async with httpx.AsyncClient(base_url=url, timeout=60) as replay:
            assert (await login(replay, worker, code=code)).status_code == 401
        # Two browsers racing with one unused code (the next step's, still in the window).
        later = totp.generate_otp(totp.timecode(datetime.now(UTC)) + 1)
        async with (
            httpx.AsyncClient(base_url=url, timeout=60) as a,
            httpx.AsyncClient(base_url=url, timeout=60) as b,
        ):
            answers = await asyncio.gather(
                login(a, worker, code=later), login(b, worker, code=later)
            )
    assert sorted(a.status_code for a in answers) == [303, 401]


async def test_a_new_account_enrols_its_authenticator_in_the_portal(
    app: Application, live_portal: LivePortal
) -> None:
    async with app.sessionmaker() as session, session.begin():
        created = await account_service.create_account(
            session=session,
            email="new@service.org",
            display_name="New",
            password=PASSWORD,
            params=FAST_KDF,
        )
    assert created.totp_secret is None
    async with live_portal(**STRICT) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
        page = await http.get("/login")
        answer = await http.post(
            "/login",
            data={"email": "new@service.org", "password": PASSWORD, "csrf": csrf_of(page.text)},
        )
        assert answer.headers["location"] == "/account/totp"
        # Nothing else opens before the authenticator is set up.
        assert (await http.get("/inbox")).headers["location"] == "/account/totp"
        enrol = await http.get("/account/totp")
        assert "<svg" in enrol.text and 'aria-label="QR code for your app"' in enrol.text
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', enrol.text)
        assert secret
        key = secret.group(1).replace(" ", "")
        wrong = await http.post("/account/totp", data={"csrf": csrf_of(enrol.text), "code": "1"})
        assert wrong.status_code == 400
        confirm = await http.post(
            "/account/totp",
            data={"csrf": csrf_of(enrol.text), "code": pyotp.TOTP(key).now()},
        )
        assert confirm.status_code == 303
        assert (await http.get("/inbox")).status_code == 200
    async with app.sessionmaker() as session:
        account = (
            await session.exec(select(Account).where(Account.email == "new@service.org"))
        ).one()
    assert account.totp_pending_enc is None
    assert account_service.totp_secret(account, TEST_PORTAL_KEY) == key
