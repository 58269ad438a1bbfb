"""New-case alerts to a service's Telegram chat, against the local Bot API server with the
real aiogram client: an alert Telegram can never deliver (the bot was removed from the
group: 403; the chat is gone: 400 "chat not found") is tried once, marked and never
retried; a server error is still retried; and once the deployment names another chat,
the open cases' given-up alerts go there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from sqlmodel import select

from bot.app import Application, build_application
from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.services.delivery import DeliveryService
from bot.settings import PLACEHOLDER_TOKEN
from bot.storage.models import Case, CaseStatus
from bot.storage.portal_models import AuditEntry, CaseAlert
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.types import utcnow
from bot.telegram.aiogram.factory import create_bot
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.background import background_work
from bot.telegram.delivery import MAX_TRIES, paced_sender
from classifiers.rules.classifier import RulesClassifier
from tests.helpers.partners import partners_file_with_alert_chats
from tests.helpers.portal import submit_report
from tests.web.test_delivery import _delivery

USER = 6700001
GROUP = -1006700  # the service's alert group, as a person created it
NO_SUCH_CHAT = -1006799  # a chat id the Bot API never heard of
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    async with running_server(settings=Settings(poll_fresh_s=2.0)) as running:
        async with SandboxClient(running.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
            # A caseworker makes the service's group and adds the bot to it.
            await sandbox.send(USER, "Alerts for new cases", chat_type="group", chat_id=GROUP)
        yield running


@pytest.fixture
async def bot(server: RunningServer) -> AsyncIterator[Bot]:
    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base=server.base_url)
    try:
        yield bot
    finally:
        await bot.session.close()


async def _round(app: Application, delivery: DeliveryService, bot: Bot) -> int:
    """One delivery round as the bot process runs it: paced, with retries."""
    return await delivery.run_once(paced_sender(AiogramPort(bot), app.conversations.send_limiter))


async def _alert_calls(server: RunningServer, chat_id: int) -> list[dict[str, Any]]:
    """sendMessage calls to that chat, answered or refused."""
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        calls = await sandbox.log("sendMessage")
    return [c for c in calls if str(c.get("params", {}).get("chat_id")) == str(chat_id)]


async def _faults(server: RunningServer) -> list[Any]:
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        calls = await sandbox.log("sendMessage")
    return [c["fault"] for c in calls if c.get("fault")]


async def _alert(app: Application, case: Case) -> CaseAlert:
    async with app.sessionmaker() as session:
        return (
            await session.exec(select(CaseAlert).where(CaseAlert.reference == case.reference))
        ).one()


async def _make_due(app: Application) -> None:
    """Bring every alert's next attempt to now: a later round would try whatever is due."""
    async with app.sessionmaker() as session, session.begin():
        for alert in (await session.exec(select(CaseAlert))).all():
            alert.next_attempt_at = utcnow() - timedelta(seconds=1)
            session.add(alert)


async def test_an_alert_to_a_group_the_bot_was_removed_from_is_tried_once_and_marked(
    app: Application, server: RunningServer, bot: Bot
) -> None:
    delivery = _delivery(app, {"demo-rs": GROUP})
    first = await submit_report(app, user_id=USER + 1)
    assert await _round(app, delivery, bot) == 1  # the group works: the alert arrives
    assert (await _alert(app, first)).sent_at is not None
    await bot.leave_chat(GROUP)  # someone removed the bot from the group
    case = await submit_report(app, user_id=USER + 2)
    assert await _round(app, delivery, bot) == 0
    calls = await _alert_calls(server, GROUP)
    refused = [c for c in calls if not c.get("ok")]
    assert len(refused) == 1 and refused[0]["status"] == 403  # tried once
    alert = await _alert(app, case)
    assert alert.sent_at is None and alert.undeliverable == "removed"
    assert alert.refused_chat == delivery.chat_mark(GROUP) and str(GROUP) not in alert.refused_chat
    assert alert.attempts == 0  # not counted as a try to repeat: given up
    # Never retried: however much later, no round sends it again.
    await _make_due(app)
    assert await _round(app, delivery, bot) == 0
    assert len(await _alert_calls(server, GROUP)) == len(calls)
    async with app.sessionmaker() as session:
        assert await outbox_repo.due_alerts(session=session, now=FAR_FUTURE) == []
        troubles = await outbox_repo.alert_troubles(session=session)
    assert troubles == {"demo-rs": outbox_repo.AlertTrouble(count=1, reason="removed")}


async def test_an_alert_to_a_chat_telegram_does_not_know_is_given_up(
    app: Application, server: RunningServer, bot: Bot
) -> None:
    delivery = _delivery(app, {"demo-rs": NO_SUCH_CHAT})
    case = await submit_report(app, user_id=USER + 3)
    assert await _round(app, delivery, bot) == 0
    (call,) = await _alert_calls(server, NO_SUCH_CHAT)
    assert call["status"] == 400 and "chat not found" in call["description"]
    assert (await _alert(app, case)).undeliverable == "chat_not_found"
    await _make_due(app)
    await _round(app, delivery, bot)
    assert len(await _alert_calls(server, NO_SUCH_CHAT)) == 1


async def test_a_server_error_is_still_retried_with_backoff(
    app: Application, server: RunningServer, bot: Bot
) -> None:
    delivery = _delivery(app, {"demo-rs": GROUP})
    case = await submit_report(app, user_id=USER + 4)
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        await sandbox.fault(method="sendMessage", status=502, count=MAX_TRIES)
    before = utcnow()
    assert await _round(app, delivery, bot) == 0  # every try of this round answered 502
    assert await _faults(server) == [502] * MAX_TRIES
    alert = await _alert(app, case)
    assert alert.sent_at is None and alert.undeliverable == ""  # kept, not given up
    assert alert.attempts == 1 and alert.next_attempt_at > before  # backed off
    assert await _round(app, delivery, bot) == 0  # not due yet
    await _make_due(app)
    assert await _round(app, delivery, bot) == 1  # the next round after the backoff
    assert (await _alert(app, case)).sent_at is not None


async def test_a_new_alert_chat_gets_the_open_cases_given_up_alerts(
    app: Application, server: RunningServer, bot: Bot
) -> None:
    broken = _delivery(app, {"demo-rs": NO_SUCH_CHAT})
    open_case = await submit_report(app, user_id=USER + 5)
    closed_case = await submit_report(app, user_id=USER + 6)
    await _round(app, broken, bot)
    async with app.sessionmaker() as session, session.begin():
        stored = await session.get(Case, closed_case.id)
        assert stored is not None
        stored.status = CaseStatus.CLOSED.value
        session.add(stored)
    # The bot restarts with the same chat: nothing changes, nothing is queued again.
    assert await _delivery(app, {"demo-rs": NO_SUCH_CHAT}).requeue_alerts_for_new_chats() == 0
    # The deployment names another chat for the service; the bot restarts.
    fixed = _delivery(app, {"demo-rs": GROUP})
    assert await fixed.requeue_alerts_for_new_chats() == 1
    assert await _round(app, fixed, bot) == 1
    (sent,) = [c for c in await _alert_calls(server, GROUP) if c.get("ok")]
    assert open_case.reference in sent["params"]["text"]
    assert (await _alert(app, open_case)).sent_at is not None
    assert (await _alert(app, closed_case)).undeliverable == "chat_not_found"  # nobody needs it
    async with app.sessionmaker() as session:
        (entry,) = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "alerts_requeued"))
        ).all()
    assert entry.actor == "bot" and entry.detail == "service=demo-rs&count=1&why=chat_changed"
    # A second replica starting with the new chat finds nothing left to queue.
    assert await _delivery(app, {"demo-rs": GROUP}).requeue_alerts_for_new_chats() == 0


async def test_a_rolling_restart_does_not_leave_alerts_given_up(
    app: Application, server: RunningServer, bot: Bot
) -> None:
    """Old and new replica run side by side for a while: the old one, still on the chat the
    bot was removed from, gives up an alert before the new one gets to it; the new one takes
    it back in a later round instead of leaving it for an administrator."""
    old = _delivery(app, {"demo-rs": NO_SUCH_CHAT})
    first = await submit_report(app, user_id=USER + 8)
    await _round(app, old, bot)
    new = _delivery(app, {"demo-rs": GROUP}, requeue_every=timedelta(0))
    assert await _round(app, new, bot) == 1  # its first round queues the first one again
    assert (await _alert(app, first)).sent_at is not None
    second = await submit_report(app, user_id=USER + 9)
    await _round(app, old, bot)  # the old replica is still running and gets to it first
    assert (await _alert(app, second)).undeliverable == "chat_not_found"
    assert await _round(app, new, bot) == 1  # a later round of the new one takes it back
    assert (await _alert(app, second)).sent_at is not None
    assert len([c for c in await _alert_calls(server, GROUP) if c.get("ok")]) == 2


async def test_a_bot_restarted_with_another_chat_in_the_partners_file_sends_them_there(
    app: Application, server: RunningServer, bot: Bot, tmp_path: Path
) -> None:
    """The way an administrator changes the chat: the partners file, then a restart."""
    case = await submit_report(app, user_id=USER + 7)
    await _round(app, _delivery(app, {"demo-rs": NO_SUCH_CHAT}), bot)
    assert (await _alert(app, case)).undeliverable == "chat_not_found"
    partners_file = partners_file_with_alert_chats(tmp_path, {"demo-rs": GROUP})
    settings = app.settings.model_copy(update={"partners_file": partners_file})
    restarted = await build_application(settings, classifier=RulesClassifier(), migrate=False)
    try:
        async with background_work(restarted, AiogramPort(bot)):  # the bot process's loops
            for _ in range(1200):  # a condition waited on, up to a minute under load
                if (await _alert(app, case)).sent_at is not None:
                    break
                await asyncio.sleep(0.05)
    finally:
        await restarted.close()
    (sent,) = [c for c in await _alert_calls(server, GROUP) if c.get("ok")]
    assert case.reference in sent["params"]["text"]
