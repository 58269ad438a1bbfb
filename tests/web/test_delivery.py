"""The bot's delivery loop: replies reach her with the service's name and Exit; retried,
never dropped; alerts carry a reference, a severity and a link only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.flows.actions import EditPressed, Keyboard, Send
from bot.services.delivery import DeliveryService
from bot.storage.models import CaseMessage
from bot.storage.portal_models import CaseAlert, ReplyOutbox
from bot.web.config import portal_config
from tests.helpers.pdf import pdf_pages
from tests.helpers.portal import (
    NARRATIVE,
    caseworker,
    client,
    csrf_of,
    login,
    press,
    submit_report,
)


@dataclass
class FakeTransport:
    """Stands for the transport's paced sender; fails as Telegram would past all retries."""

    fail_next: int = 0
    sent: list[tuple[int, str, Keyboard]] = field(default_factory=list)

    async def send(self, chat_id: int, message: Send) -> int:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("telegram unreachable")
        self.sent.append((chat_id, message.text, message.buttons))
        return 1000 + len(self.sent)


def _delivery(
    app: Application, alert_chats: dict[str, int | None], **options: Any
) -> DeliveryService:
    return DeliveryService(
        sessionmaker=app.sessionmaker,
        keyring=app.keyring,
        delivery_secret=app.settings.secret_bytes,
        catalogues=app.catalogues,
        partner_name=app.routing.partner_name,
        alert_chats=alert_chats,
        portal_url=portal_config(app.settings).public_url,
        **options,
    )


async def test_reply_is_delivered_retried_and_recorded(app: Application, portal: FastAPI) -> None:
    delivery = _delivery(app, {"demo-rs": -100200})
    await delivery.publish_key()
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=401)
    async with client(portal) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        response = await http.post(
            "/cases/{}/reply".format(case.id),
            data={"csrf": csrf, "body": "We can help. <b>Call us</b> any day."},
        )
        assert response.status_code == 303
    transport = FakeTransport(fail_next=1)
    await delivery.run_once(transport.send)  # the reply fails; the alert goes out
    assert [chat for chat, _, _ in transport.sent] == [-100200]
    alert_text = transport.sent[0][1]
    assert case.reference in alert_text and "severity {}".format(case.severity) in alert_text
    assert "/cases/ref/{}".format(case.reference) in alert_text
    assert NARRATIVE not in alert_text and "Lipa" not in alert_text
    async with app.sessionmaker() as session, session.begin():
        row = (await session.exec(select(ReplyOutbox))).one()
        assert row.attempts == 1  # kept for a retry, not dropped
        row.next_attempt_at = row.next_attempt_at.replace(year=2000)
        session.add(row)
    await delivery.run_once(transport.send)
    chat_id, text, buttons = transport.sent[-1]
    assert chat_id == 401
    # Her lock screen shows a neutral line: neither who wrote nor what.
    assert text == "You have a new message."
    show = buttons[0][0].data
    hex_id = await _caseworker_message_hex(app, case.id)
    assert show == "show:r:{}:{}".format(hex_id, case.reference)
    assert buttons[-1][0].data == "x"  # the Exit button
    async with app.sessionmaker() as session:
        row = (await session.exec(select(ReplyOutbox))).one()  # kept, sealed, until she opens it
        assert row.notified_at is not None
        message = (
            await session.exec(select(CaseMessage).where(CaseMessage.author == "caseworker"))
        ).one()
        assert message.delivered_at is not None and message.read_at is None
        alert = (await session.exec(select(CaseAlert))).one()
        assert alert.sent_at is not None
    await delivery.run_once(transport.send)
    assert len(transport.sent) == 2  # nothing is sent twice

    opened = await press(app, 401, show)  # she opens it: the notice becomes the reply
    (edit,) = [a for a in opened.actions if isinstance(a, EditPressed)]
    assert edit.text.startswith(
        "Message from Serbia regional support centre (demonstration) about your report {}:".format(
            case.reference
        )
    )
    assert "&lt;b&gt;Call us&lt;/b&gt;" in edit.text  # her chat renders HTML: escaped
    async with app.sessionmaker() as session:
        assert (await session.exec(select(ReplyOutbox))).all() == []
        message = (
            await session.exec(select(CaseMessage).where(CaseMessage.author == "caseworker"))
        ).one()
        assert message.read_at is not None  # the "read" signal
    again = await press(app, 401, show)
    (gone,) = [a for a in again.actions if isinstance(a, EditPressed)]
    assert gone.text == "This message is no longer here."


async def _caseworker_message_hex(app: Application, case_id: object) -> str:
    async with app.sessionmaker() as session:
        message = (
            await session.exec(select(CaseMessage).where(CaseMessage.case_id == case_id))
        ).one()
    return message.id.hex


async def test_reply_needs_her_permission(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=402, replies="no")
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
        assert 'action="/cases/{}/reply"'.format(case.id) not in page
        response = await http.post(
            "/cases/{}/reply".format(case.id), data={"csrf": csrf_of(page), "body": "Hello"}
        )
        assert response.status_code == 400
    async with app.sessionmaker() as session:
        assert (await session.exec(select(ReplyOutbox))).all() == []


async def test_reply_form_counts_as_telegram_does(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    """An emoji is two UTF-16 units: 4,000 of them are taken (the bot splits them in two
    where she opens the reply: tests/telegram/test_refusals.py), 6,001 are not; a reply of
    only invisible characters, which Telegram would refuse as empty, is refused."""
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=403)
    async with client(portal) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        url = "/cases/{}/reply".format(case.id)
        blank = await http.post(url, data={"csrf": csrf, "body": "\u200b\u200b"})
        assert blank.status_code == 400 and "empty" in blank.text
        huge = await http.post(url, data={"csrf": csrf, "body": "😀" * 6001})
        assert huge.status_code == 400 and "emoji counts as two" in huge.text
        sent = await http.post(url, data={"csrf": csrf, "body": "😀" * 4000})
        assert sent.status_code == 303
    transport = FakeTransport()
    await _delivery(app, {}).run_once(transport.send)
    # Her phone gets one neutral notice, whatever the reply's length.
    assert [text for chat, text, _ in transport.sent if chat == 403] == ["You have a new message."]


async def test_an_undeliverable_reply_is_marked_in_the_portal(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    from bot.services.outcome import ChatUnreachable

    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=404)

    async def blocked(chat_id: int, message: Send) -> int:
        raise ChatUnreachable("forbidden")

    async with client(portal) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        await http.post("/cases/{}/reply".format(case.id), data={"csrf": csrf, "body": "Hi"})
        assert "waiting for the bot" in (await http.get("/cases/{}".format(case.id))).text
        await _delivery(app, {}).run_once(blocked)
        page = (await http.get("/cases/{}".format(case.id))).text
        summary = await http.get("/cases/{}/summary.pdf".format(case.id))
    assert "not delivered: she has blocked the bot" in page
    assert "waiting for the bot" not in page
    # The case summary a caseworker hands on says so too: nobody reads it as delivered.
    assert "not delivered: she has blocked the bot" in " ".join(pdf_pages(summary.content))


async def test_a_file_added_after_sending_reaches_the_caseworker_with_its_facts(
    app: Application, portal: FastAPI
) -> None:
    """A forwarded voice message sent after the report keeps what the evidence pack says
    of a file sent with it: its length, who it was forwarded from and when first sent."""
    from tests.helpers.transcript import event_from

    worker = await caseworker(app, email="f@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=407)
    await app.conversations.handle(
        update_id=90_407,
        telegram_user_id=407,
        chat_id=407,
        event=event_from(
            {
                "voice": "ogg bytes of his threat",
                "duration": 65,
                "forwarded_from": "Marko P.",
                "forwarded_at": "2026-11-28T21:04:00+00:00",
            }
        ),
    )
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
    assert "File added after the report was sent: (no name, voice)" in page, page
    for fact in ("Length: 1:05", "Forwarded from: Marko P.", "First sent: 2026-11-28 21:04:00"):
        assert fact in page, fact
