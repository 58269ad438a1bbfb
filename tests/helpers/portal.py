"""Builders for portal tests: a submitted case, accounts with keys, a signed-in client."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import httpx
import pyotp
from fastapi import FastAPI

from bot.app import Application
from bot.services import accounts as account_service
from bot.services import key_admin
from bot.services.keys import KdfParams
from bot.storage.models import Case
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories.cases import find_case_by_reference
from tests.helpers.transcript import event_from

FAST_KDF = KdfParams(time_cost=1, memory_kib=8192)
TEST_PORTAL_KEY = bytes(range(32))  # the portal's key for authenticator secrets in tests
PASSWORD = "correct horse battery staple"
ANSWER_TEXT = "I am staying with my sister in Novi Sad."
NARRATIVE = "He posted my home address 12 Lipa Street and my phone number online."
_updates = itertools.count(10_000)

REPORT_SCRIPT: list[dict[str, Any]] = [
    {"command": "start"},
    {"press": "country:rs"},
    {"press": "safety:yes"},
    {"press": "categories:doxxing"},
    {"press": "categories:done"},
    {"text": NARRATIVE},
    {"document": "%PDF-1.4 screenshot export", "name": "chat.pdf"},
    {"press": "narrative:done"},
    {"press": "relationship:known"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},  # asked: for doxxing a public role adds Access Now
]


async def submit_report(
    app: Application,
    *,
    user_id: int,
    country: str = "rs",
    replies: str = "yes",
    narrative: str = NARRATIVE,
    for_someone_else: bool = False,
) -> Case:
    """A whole report through the real conversation service; returns the case row.

    `for_someone_else`: a friend reports for her (and says she is safe right now).
    """
    reference = None
    sending = (
        [{"press": "consent:yes"}, {"press": "replies:yes"}]
        if replies == "yes"
        else [{"press": "consent:quiet"}]
    )
    for step in [*REPORT_SCRIPT, *sending]:
        if step.get("press") == "country:rs":
            step = {"press": "country:" + country}
        if "text" in step:
            step = {"text": narrative}
        if step.get("press") == "safety:yes" and for_someone_else:
            for helper_step in ({"press": "safety:someone_else"}, {"press": "person_safety:yes"}):
                await app.conversations.handle(
                    update_id=next(_updates),
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    event=event_from(helper_step),
                )
            continue
        outcome = await app.conversations.handle(
            update_id=next(_updates),
            telegram_user_id=user_id,
            chat_id=user_id,
            event=event_from(step),
        )
        reference = outcome.case_reference or reference
    assert reference, "the report was not submitted"
    async with app.sessionmaker() as session:
        case = await find_case_by_reference(session=session, reference=reference)
    assert case is not None
    return case


async def say(app: Application, user_id: int, text: str) -> None:
    await app.conversations.handle(
        update_id=next(_updates),
        telegram_user_id=user_id,
        chat_id=user_id,
        event=event_from({"text": text}),
    )


async def command(app: Application, user_id: int, name: str) -> Any:
    return await app.conversations.handle(
        update_id=next(_updates),
        telegram_user_id=user_id,
        chat_id=user_id,
        event=event_from({"command": name}),
    )


async def press(app: Application, user_id: int, data: str) -> Any:
    return await app.conversations.handle(
        update_id=next(_updates),
        telegram_user_id=user_id,
        chat_id=user_id,
        event=event_from({"press": data}),
    )


@dataclass
class Worker:
    email: str
    password: str
    totp: str | None


async def caseworker(
    app: Application,
    *,
    email: str,
    services: list[str],
    admin: bool = False,
    language: str = "en",
) -> Worker:
    """An account that is a member of `services`; creates a service's keys if missing."""
    async with app.sessionmaker() as session, session.begin():
        created = await account_service.create_account(
            session=session,
            email=email,
            display_name=email.split("@")[0],
            password=PASSWORD,
            params=FAST_KDF,
            is_admin=admin,
            totp_key=TEST_PORTAL_KEY,
            language=language,
        )
        for service in services:
            members = await account_repo.members_of(session=session, service_id=service)
            if not members:
                await key_admin.create_service_keys(
                    session=session,
                    service_id=service,
                    grant_to=[created.account],
                    added_by="test",
                )
                continue
            await key_admin.grant_service(
                session=session,
                service_id=service,
                service_private=await _any_member_key(session, service),
                account=created.account,
                added_by="test",
            )
    return Worker(email, PASSWORD, created.totp_secret)


_member_keys: dict[str, bytes] = {}


async def _any_member_key(session: Any, service: str) -> bytes:
    for member in await account_repo.members_of(session=session, service_id=service):
        account = await account_repo.get_account(session=session, account_id=member.account_id)
        assert account is not None
        private = account_service.unlock(account, PASSWORD)
        return key_admin.open_membership(member, account.id, private)
    raise AssertionError("no member")


def client(portal: FastAPI, *, secure: bool = False) -> httpx.AsyncClient:
    scheme = "https" if secure else "http"
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=portal), base_url="{}://portal.test".format(scheme)
    )


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def login(
    http: httpx.AsyncClient, worker: Worker, *, code: str | None = None
) -> httpx.Response:
    page = await http.get("/login")
    form = {"email": worker.email, "password": worker.password, "csrf": csrf_of(page.text)}
    if code is not None:
        form["code"] = code
    elif worker.totp:
        form["code"] = pyotp.TOTP(worker.totp).now()
    return await http.post("/login", data=form)
