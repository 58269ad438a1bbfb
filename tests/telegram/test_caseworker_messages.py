"""Caseworker replies, transfer questions and alerts go out as her answers do: paced per
chat, a 429 honoured, server errors retried; and never twice from two replicas.

The pacing and the 429 are shown with the real aiogram client against the local Bot
API server; the replicas are two applications on one database, each running a
delivery round while the other is in the middle of sending.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.app import Application, build_application
from bot.flows.actions import Send
from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.services import keys
from bot.services.send_limits import MemorySendLimiter
from bot.settings import PLACEHOLDER_TOKEN
from bot.storage.models import Case
from bot.storage.portal_models import ReplyOutbox, TransferRequest
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories.case_messages import add_case_message
from bot.telegram.aiogram.factory import create_bot
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.background import background_work
from bot.telegram.delivery import paced_sender
from classifiers.rules.classifier import RulesClassifier
from tests.helpers.portal import submit_report
from tests.web.test_delivery import _delivery

USER = 6600001
ALERT_CHAT = -1006600


async def queue_reply(app: Application, case: Case, body: str) -> None:
    """A caseworker's reply as the portal leaves it: her copy sealed to the bot's key."""
    async with app.sessionmaker() as session, session.begin():
        message = await add_case_message(
            session=session, case_id=case.id, author="caseworker", body_enc=b"service's copy"
        )
        await outbox_repo.queue_reply(
            session=session,
            message_id=message.id,
            sealed_for_bot=keys.seal(app.delivery.public_key, body.encode(), aad=message.id.bytes),
        )


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    async with running_server(settings=Settings(poll_fresh_s=2.0)) as running:
        yield running


@pytest.fixture
async def her_case(app: Application, server: RunningServer) -> AsyncIterator[Case]:
    """Her report, with replies allowed, and her chat in the local Bot API server."""
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        await sandbox.send(USER, "/start")  # nobody polls: the chat exists, that is all
    await app.delivery.publish_key()
    yield await submit_report(app, user_id=USER)


async def replies_sent(server: RunningServer) -> list[dict[str, Any]]:
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        calls = await sandbox.log("sendMessage")
    return [c for c in calls if c.get("ok") and "new message" in str(c["params"].get("text", ""))]


async def test_replies_are_paced_per_chat_like_her_answers(
    app: Application, server: RunningServer, her_case: Case
) -> None:
    for body in ("First reply.", "Second reply.", "Third reply."):
        await queue_reply(app, her_case, body)
    # One message at once, then four a second, for her chat (as her answers would be).
    app.conversations.send_limiter = MemorySendLimiter(
        per_chat_burst=1, per_chat_rate=4.0, overall_rate=1000
    )
    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base=server.base_url)
    try:
        async with background_work(app, AiogramPort(bot)):  # the bot process's own loop
            for _ in range(200):
                if len(await replies_sent(server)) == 3:
                    break
                await asyncio.sleep(0.05)
    finally:
        await bot.session.close()
    sent = await replies_sent(server)
    assert [c["params"]["chat_id"] for c in sent] == [str(USER)] * 3
    assert sent[2]["time"] - sent[0]["time"] >= 0.45  # 2 waits of 1/4 s, not all at once


async def test_a_429_on_a_reply_is_honoured_in_the_same_round(
    app: Application, server: RunningServer, her_case: Case
) -> None:
    await queue_reply(app, her_case, "We can help.")
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        await sandbox.fault(method="sendMessage", status=429, retry_after=1, count=1)
    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base=server.base_url)
    try:
        sender = paced_sender(AiogramPort(bot), app.conversations.send_limiter)
        delivered = await app.delivery.run_once(sender)
    finally:
        await bot.session.close()
    assert delivered == 1  # waited as Telegram asked, then sent: not left for a later round
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        calls = await sandbox.log("sendMessage")
    refused = [c for c in calls if c.get("fault") == 429]
    (sent,) = await replies_sent(server)
    assert len(refused) == 1 and sent["time"] - refused[0]["time"] >= 1.0
    async with app.sessionmaker() as session:
        (row,) = (await session.exec(select(ReplyOutbox))).all()
        assert row.notified_at is not None  # her notice went out; the reply waits to be opened


class Recorder:
    """Both replicas' sends; the first replica's first send waits until told to go on."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int, str]] = []
        self.holding = asyncio.Event()
        self.go_on = asyncio.Event()

    def sender(self, replica: str, *, hold_first: bool = False) -> Any:
        async def send(chat_id: int, message: Send) -> int:
            self.sent.append((replica, chat_id, message.text))
            if hold_first and not self.holding.is_set():
                self.holding.set()
                await self.go_on.wait()
            return len(self.sent)

        return send


async def _leave_only(app: Application, case: Case, kind: str) -> None:
    """One item due: a reply, a transfer question or a new-case alert."""
    async with app.sessionmaker() as session, session.begin():
        everything = datetime(2100, 1, 1, tzinfo=UTC)
        for alert in await outbox_repo.due_alerts(session=session, now=everything):
            if kind != "alert":
                await session.delete(alert)
        if kind == "question":
            session.add(
                TransferRequest(
                    case_id=case.id, from_service="demo-rs", to_service="demo-al", to_fingerprint=""
                )
            )
    if kind == "reply":
        await queue_reply(app, case, "We can help.")


@pytest.mark.parametrize("kind", ["reply", "question", "alert"])
async def test_two_replicas_never_send_one_item_twice(app: Application, kind: str) -> None:
    case = await submit_report(app, user_id=USER + 1)
    await app.delivery.publish_key()
    await _leave_only(app, case, kind)
    other = await build_application(app.settings, classifier=RulesClassifier(), migrate=False)
    try:
        alert_chats: dict[str, int | None] = {"demo-rs": ALERT_CHAT}
        one, two = _delivery(app, alert_chats), _delivery(other, alert_chats)
        recorder = Recorder()
        first = asyncio.create_task(one.run_once(recorder.sender("one", hold_first=True)))
        await asyncio.wait_for(recorder.holding.wait(), 10)  # one is sending it right now
        await two.run_once(recorder.sender("two"))
        recorder.go_on.set()
        await first
        await one.run_once(recorder.sender("one"))  # and later rounds send nothing again
        await two.run_once(recorder.sender("two"))
    finally:
        await other.close()
    assert [replica for replica, _, _ in recorder.sent] == ["one"], recorder.sent
