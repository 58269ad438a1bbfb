"""Transfers: the bot asks her; her yes re-encrypts to the new service, her no keeps it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.flows import report
from bot.flows.actions import AnswerCallback, AnswerTransfer, EditPressed
from bot.flows.context import FlowContext
from bot.flows.events import Press
from bot.flows.state import ConversationState
from bot.services import keys
from bot.storage.models import Case
from bot.storage.portal_models import TransferRequest
from bot.storage.repositories import service_keys as key_repo
from tests.helpers.portal import (
    ANSWER_TEXT,
    caseworker,
    client,
    csrf_of,
    login,
    press,
    say,
    submit_report,
)
from tests.web.test_delivery import FakeTransport, _delivery


def _ctx(app: Application) -> FlowContext:
    return FlowContext(
        translator=app.catalogues.translator,
        routing=app.routing,
        now=lambda: datetime(2026, 1, 1, tzinfo=UTC),
        new_id=lambda: str(uuid.uuid4()),
        new_reference=lambda: "TEST-0001",
    )


def test_transfer_buttons_become_answers_at_any_step(app: Application) -> None:
    request_id = uuid.uuid4().hex
    for step in ("done", "narrative", "new"):
        state = ConversationState(step=step)
        new_state, actions = report.step(
            state, Press("transfer:{}:yes".format(request_id)), _ctx(app)
        )
        assert actions == [AnswerCallback(), AnswerTransfer(request_id, True)]
        assert new_state == state
    _, actions = report.step(
        ConversationState(step="done"), Press("transfer:{}:no".format(request_id)), _ctx(app)
    )
    assert actions[-1] == AnswerTransfer(request_id, False)
    for bad in ("transfer:zz:yes", "transfer:{}:maybe".format(request_id), "transfer:"):
        _, actions = report.step(ConversationState(step="done"), Press(bad), _ctx(app))
        assert not any(isinstance(a, AnswerTransfer) for a in actions)


async def _ask(app: Application, portal: FastAPI, user_id: int) -> tuple[Case, object, object, str]:
    delivery = _delivery(app, {})
    await delivery.publish_key()
    worker_a = await caseworker(app, email="a@service-a.org", services=["demo-rs"])
    worker_b = await caseworker(app, email="b@service-b.org", services=["demo-al"])
    case = await submit_report(app, user_id=user_id)
    async with client(portal) as http:
        await login(http, worker_a)
        page = (await http.get("/cases/{}".format(case.id))).text
        response = await http.post(
            "/cases/{}/transfer".format(case.id),
            data={"csrf": csrf_of(page), "to_service": "demo-al"},
        )
        assert response.status_code == 303, response.text
    transport = FakeTransport()
    await delivery.run_once(transport.send)
    chat_id, text, buttons = transport.sent[-1]
    # A neutral notice first: nothing of the question on her lock screen.
    assert chat_id == user_id and text == "You have a new message."
    opened = await press(app, user_id, buttons[0][0].data)
    (question,) = [a for a in opened.actions if isinstance(a, EditPressed)]
    assert "Albania regional support centre" in question.text
    return case, worker_a, worker_b, question.buttons[0][0].data


async def test_yes_moves_and_reencrypts(app: Application, portal: FastAPI) -> None:
    case, worker_a, worker_b, yes = await _ask(app, portal, 501)
    await say(app, 501, ANSWER_TEXT)  # written while the question is open: copied for both
    outcome = await press(app, 501, yes)
    assert "passed to Albania regional support centre" in outcome.actions[-1].text
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
        key_b = await key_repo.active_service_key(session=session, service_id="demo-al")
        assert stored is not None and key_b is not None
        assert stored.partner_service_id == "demo-al" and stored.status == "new"
        assert keys.sealed_fingerprint(stored.content_enc or b"") == key_b.fingerprint
    async with client(portal) as http:
        await login(http, worker_a)
        assert (await http.get("/cases/{}".format(case.id))).status_code == 403
    async with client(portal) as http:
        await login(http, worker_b)
        page = (await http.get("/cases/{}".format(case.id))).text
        assert "12 Lipa Street" in page and ANSWER_TEXT in page
        assert "agreed to a transfer" in page
        evidence_links = [line for line in page.splitlines() if "/evidence/" in line]
        href = evidence_links[0].split('href="')[1].split('"')[0]
        assert (await http.get(href)).content == b"%PDF-1.4 screenshot export"
    # A second press of the same button does nothing.
    again = await press(app, 501, yes)
    assert "no longer works" in again.actions[-1].text


async def test_no_keeps_the_case(app: Application, portal: FastAPI) -> None:
    case, worker_a, _, yes = await _ask(app, portal, 502)
    outcome = await press(app, 502, yes.replace(":yes", ":no"))
    assert "stays with Serbia regional support centre" in outcome.actions[-1].text
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
        request = (await session.exec(select(TransferRequest))).one()
    assert stored is not None and stored.partner_service_id == "demo-rs"
    assert request.status == "declined"
    async with client(portal) as http:
        await login(http, worker_a)
        assert "12 Lipa Street" in (await http.get("/cases/{}".format(case.id))).text


async def test_someone_elses_transfer_button_does_nothing(
    app: Application, portal: FastAPI
) -> None:
    case, _, _, yes = await _ask(app, portal, 503)
    await submit_report(app, user_id=504)
    outcome = await press(app, 504, yes)
    assert "no longer works" in outcome.actions[-1].text
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
    assert stored is not None and stored.partner_service_id == "demo-rs"


async def test_a_transfer_she_cannot_be_asked_about_is_given_up_and_shown(
    app: Application, portal: FastAPI
) -> None:
    """She blocked the bot: the question is not retried forever, the copies sealed for
    the other service are deleted, the case stays, and the caseworker is told why."""
    from bot.services.outcome import ChatUnreachable
    from bot.storage.portal_models import TransferCopy

    delivery = _delivery(app, {})
    await delivery.publish_key()
    worker = await caseworker(app, email="a@service-a.org", services=["demo-rs"])
    await caseworker(app, email="b@service-b.org", services=["demo-al"])
    case = await submit_report(app, user_id=503)
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
        response = await http.post(
            "/cases/{}/transfer".format(case.id),
            data={"csrf": csrf_of(page), "to_service": "demo-al"},
        )
        assert response.status_code == 303, response.text
    async with app.sessionmaker() as session:
        assert (await session.exec(select(TransferCopy))).all(), "nothing staged to move"

    async def blocked(chat_id: int, message: object) -> int:
        raise ChatUnreachable("Forbidden: bot was blocked by the user")

    await delivery.run_once(blocked)  # type: ignore[arg-type]
    async with app.sessionmaker() as session:
        request = (await session.exec(select(TransferRequest))).one()
        stored = await session.get(Case, case.id)
        copies = (await session.exec(select(TransferCopy))).all()
    assert request.status == "undeliverable"
    assert stored is not None and stored.partner_service_id == "demo-rs"
    assert copies == []
    transport = FakeTransport()
    await delivery.run_once(transport.send)  # given up: never asked again
    assert transport.sent == []
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
    assert "she could not be asked, because the bot cannot write to her" in page
    assert "could not ask her about a transfer" in page  # on the case's timeline
    assert "Ask her about a transfer" in page  # the caseworker may try again later


async def test_a_file_added_while_she_is_asked_moves_with_her_yes(
    app: Application, portal: FastAPI
) -> None:
    """A file she sends after the question was asked is copied for the receiving
    service too, sealed to itself, so the new caseworker can open it after her yes."""
    from tests.helpers.transcript import event_from

    case, _, worker_b, yes = await _ask(app, portal, 504)
    await app.conversations.handle(
        update_id=90_504,
        telegram_user_id=504,
        chat_id=504,
        event=event_from({"document": "later screenshot export", "name": "later.pdf"}),
    )
    await press(app, 504, yes)
    async with client(portal) as http:
        await login(http, worker_b)
        page = (await http.get("/cases/{}".format(case.id))).text
        hrefs = [
            line.split('href="')[1].split('"')[0]
            for line in page.splitlines()
            if "/evidence/" in line
        ]
        contents = [(await http.get(href)).content for href in hrefs]
    assert b"later screenshot export" in contents, contents
