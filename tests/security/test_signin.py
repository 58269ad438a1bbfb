"""Findings 3 and 4, attacked over HTTP as the audit did: the portal under uvicorn on
127.0.0.1, httpx clients firing at it; the lockout counter also straight on both engines."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta

import httpx
from sqlmodel import select

from bot.app import Application
from bot.services.keys import KdfParams
from bot.storage.portal_models import Account, AuditEntry
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories.accounts import Attempt
from bot.storage.types import utcnow
from tests.helpers.portal import PASSWORD, caseworker, csrf_of

LivePortal = Callable[..., AbstractAsyncContextManager[str]]
PRODUCTION_KDF = KdfParams()  # 64 MiB, three passes: what a deployment runs


async def _form(http: httpx.AsyncClient) -> str:
    """Open the sign-in page: its CSRF token (the login cookie lands in the client)."""
    return csrf_of((await http.get("/login")).text)


async def _post_login(
    http: httpx.AsyncClient, csrf: str, email: str, password: str
) -> httpx.Response:
    return await http.post("/login", data={"email": email, "password": password, "csrf": csrf})


def _error(html: str) -> str:
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else ""


async def test_concurrent_wrong_passwords_check_no_more_than_the_limit(
    app: Application, live_portal: LivePortal
) -> None:
    """Finding 3: 40 wrong passwords at once; before, 32 were checked before the lock."""
    await caseworker(app, email="target@service.org", services=[])
    async with (
        live_portal(sign_ins_per_address=100, sign_ins_at_once=100) as url,
        httpx.AsyncClient(base_url=url, timeout=120) as http,
    ):
        csrf = await _form(http)
        answers = await asyncio.gather(
            *[
                _post_login(http, csrf, "target@service.org", "wrong password {}".format(i))
                for i in range(40)
            ]
        )
    assert {a.status_code for a in answers} == {401}
    async with app.sessionmaker() as session:
        actions = [
            e.action
            for e in (await session.exec(select(AuditEntry))).all()
            if e.actor == "target@service.org"
        ]
    checked = actions.count("login_failed") + actions.count("account_locked")
    assert checked == 5, actions  # lockout_after: exactly five passwords were tried
    assert actions.count("login_locked") == 35


async def test_the_attempt_counter_is_atomic_on_the_engine(app: Application) -> None:
    """The same race straight on the database (SQLite and PostgreSQL): 40 writers, 5 counted."""
    await caseworker(app, email="race@service.org", services=[])
    async with app.sessionmaker() as session:
        account = (
            await session.exec(select(Account).where(Account.email == "race@service.org"))
        ).one()
    now = utcnow()

    async def attempt() -> Attempt:
        async with app.sessionmaker() as session, session.begin():
            return await account_repo.count_sign_in_attempt(
                session=session,
                account_id=account.id,
                now=now,
                limit=5,
                lock_until=now + timedelta(minutes=15),
            )

    results = await asyncio.gather(*[attempt() for _ in range(40)])
    assert results.count(Attempt.COUNTED) == 4
    assert results.count(Attempt.LOCKS) == 1
    assert results.count(Attempt.REFUSED) == 35


async def test_requests_right_after_sign_in_find_the_session(
    app: Application, live_portal: LivePortal
) -> None:
    """Finding 4: the session row is committed before the sign-in answer leaves."""
    worker = await caseworker(app, email="quick@service.org", services=["demo-rs"])
    bounced = 0
    async with live_portal() as url:
        for _ in range(30):
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                answer = await _post_login(http, await _form(http), worker.email, PASSWORD)
                assert answer.status_code == 303
                inbox = await http.get("/inbox")  # at once, as a browser follows the redirect
                bounced += inbox.status_code != 200
    assert bounced == 0
