"""Her case relay on a real database (SQLite and PostgreSQL): files after sending,
what Exit deletes, pausing and stopping the service's messages, the read signal."""

from __future__ import annotations

from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.services import keys
from bot.storage.models import Case, CaseMessage, Evidence, Survivor
from bot.storage.portal_models import ReplyOutbox
from bot.storage.repositories import service_keys as key_repo
from bot.web.app import create_portal_app
from bot.web.config import portal_config
from tests.helpers.portal import (
    FAST_KDF,
    caseworker,
    client,
    command,
    csrf_of,
    login,
    press,
    say,
    submit_report,
)
from tests.helpers.transcript import event_from
from tests.web.test_delivery import FakeTransport


def _portal(app: Application) -> FastAPI:
    config = portal_config(
        app.settings, sandbox=True, require_totp=False, secure_cookies=False, kdf=FAST_KDF
    )
    return create_portal_app(app, config=config)


async def _send_file(app: Application, user_id: int, step: dict[str, object]) -> object:
    from tests.helpers.portal import _updates

    return await app.conversations.handle(
        update_id=next(_updates), telegram_user_id=user_id, chat_id=user_id, event=event_from(step)
    )


async def test_a_file_after_sending_is_sealed_to_her_service_and_shown_with_its_time(
    app: Application,
) -> None:
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=801)
    await press(app, 801, "x")  # after Exit too
    step = {"document": "%PDF-1.4 new threat", "name": "threat.pdf", "caption": "He wrote again"}
    outcome = await _send_file(app, 801, step)
    assert "Added to your report {}".format(case.reference) in outcome.actions[-1].text  # type: ignore[attr-defined]
    async with app.sessionmaker() as session:
        files = (await session.exec(select(Evidence).where(Evidence.case_id == case.id))).all()
        key = await key_repo.active_service_key(session=session, service_id="demo-rs")
    added = [f for f in files if f.size == len(b"%PDF-1.4 new threat")]
    assert len(added) == 1 and key is not None
    assert keys.sealed_fingerprint(added[0].blob_enc) == key.fingerprint  # only they can open it
    async with client(_portal(app)) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
        assert "He wrote again" in page and "she added a file" in page
        assert "received" in page and added[0].sha256 in page
        href = "/cases/{}/evidence/{}".format(case.id, added[0].id)
        assert (await http.get(href)).content == b"%PDF-1.4 new threat"


async def test_exit_deletes_files_not_yet_in_a_case_and_keeps_the_sent_ones(
    app: Application,
) -> None:
    case = await submit_report(app, user_id=802)  # its chat.pdf is in the case
    for step in (
        {"command": "start"},
        {"press": "home:new"},
        {"press": "country:rs"},
        {"press": "safety:yes"},
        {"press": "categories:done"},
        {"document": "%PDF-1.4 draft only", "name": "draft.pdf"},
    ):
        await _send_file(app, 802, step)
    async with app.sessionmaker() as session:
        assert len((await session.exec(select(Evidence))).all()) == 2
    await press(app, 802, "x")
    async with app.sessionmaker() as session:
        left = (await session.exec(select(Evidence))).all()
    assert [e.case_id for e in left] == [case.id]


async def test_paused_messages_wait_and_resumed_ones_come(app: Application) -> None:
    await app.delivery.publish_key()
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=803)
    await press(app, 803, "msgs:pause")
    async with client(_portal(app)) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        await http.post("/cases/{}/reply".format(case.id), data={"csrf": csrf, "body": "Hello"})
    transport = FakeTransport()
    await app.delivery.run_once(transport.send)
    assert [chat for chat, _, _ in transport.sent if chat == 803] == []  # held
    await command(app, 803, "messages")
    await press(app, 803, "msgs:resume")
    await app.delivery.run_once(transport.send)
    assert [text for chat, text, _ in transport.sent if chat == 803] == ["You have a new message."]


async def test_stop_ends_the_service_messages_and_deletes_her_chat_id(app: Application) -> None:
    await app.delivery.publish_key()
    worker = await caseworker(app, email="w@demo-rs.org", services=["demo-rs"])
    case = await submit_report(app, user_id=804)
    await press(app, 804, "msgs:stop")
    await press(app, 804, "msgs:stop_yes")
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
        survivor = await session.get(Survivor, case.survivor_id)
    assert stored is not None and not stored.allow_replies
    assert survivor is not None and survivor.reply_chat_enc is None
    async with client(_portal(app)) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
        assert "she stopped messages from the service" in page
        response = await http.post(
            "/cases/{}/reply".format(case.id), data={"csrf": csrf_of(page), "body": "Hi"}
        )
        assert response.status_code == 400
    await say(app, 804, "Are you there?")  # her texts no longer go to the case
    async with app.sessionmaker() as session:
        assert (await session.exec(select(CaseMessage))).all() == []
        assert (await session.exec(select(ReplyOutbox))).all() == []
