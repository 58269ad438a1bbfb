"""The quiet-period sweep as she meets it (#18 item 2): the real library polling the
local Bot API server, a real database (SQLite and PostgreSQL), the sandbox's clock
moved on and the bot's clock tied to it.

She reports; the bot process stops and a new one starts on the same database (nothing
in memory carries over); a day and an hour pass; the new process's background sweep
clears her chat from the stored ids, while her case stays. Where Telegram refuses
(past 48 hours), the ids are forgotten and nothing is written to her chat.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import select

from bot.app import Application, build_application
from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN
from bot.settings import Settings as BotSettings
from bot.storage.models import Case, ChatMessage
from bot.telegram import background
from bot.telegram.transports import run_polling
from classifiers.rules.classifier import RulesClassifier

HOUR = 3600
USER = 5580001
STORY = "He posted my home address and phone number in a group and people are calling me."


@contextlib.asynccontextmanager
async def bot_process(
    settings: BotSettings, server: RunningServer, transport: str
) -> AsyncIterator[Application]:
    """One bot process: its own Application (engine, caches, locks) polling the server,
    its background jobs running, its clock tied to the sandbox's."""
    own = settings.model_copy(update={"telegram_api_base": server.base_url, "transport": transport})
    app = await build_application(own, classifier=RulesClassifier())
    app.quiet.clock = server.clock.now_utc
    task = asyncio.create_task(run_polling(app, token=PLACEHOLDER_TOKEN))
    try:
        async with SandboxClient(server.base_url) as sandbox:
            for _ in range(200):
                if task.done():
                    task.result()  # a transport that failed to start says why
                with contextlib.suppress(Exception):
                    await sandbox.request("GET", "/sandbox/health")
                    break
                await asyncio.sleep(0.05)
        yield app
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.close()


def _buttons(view: dict[str, Any]) -> set[str]:
    return {
        b.get("callback_data", "")
        for m in view["messages"]
        if m["from"] == "bot"
        for row in m["buttons"]
        for b in row
    }


async def press_when_shown(sandbox: SandboxClient, data: str) -> None:
    await sandbox.wait_for(USER, lambda v: data in _buttons(v), within=15)
    await sandbox.press(USER, callback_data=data)


async def report(sandbox: SandboxClient, app: Application) -> None:
    """From /start to a sent report that allows the service's messages."""
    await sandbox.send(USER, "/start", language_code="en")
    for data in ("country:rs", "safety:yes", "categories:doxxing", "categories:done"):
        await press_when_shown(sandbox, data)
    await sandbox.wait_for(USER, lambda v: "narrative:done" in _buttons(v), within=15)
    await sandbox.send(USER, STORY)
    await sandbox.wait_for(
        USER, lambda v: "Your report now holds" in (v["messages"][-1]["text"] or ""), within=15
    )
    for data in (
        "narrative:done",
        "relationship:known",
        "age:adult",
        "images:no",
        "public_role:no",
        "consent:yes",
        "replies:yes",
    ):
        await press_when_shown(sandbox, data)
    for _ in range(150):
        if await cases(app):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("her report was not sent")


async def cases(app: Application) -> list[Case]:
    async with app.sessionmaker() as session:
        return list((await session.exec(select(Case))).all())


async def remembered(app: Application) -> int:
    async with app.sessionmaker() as session:
        return len((await session.exec(select(ChatMessage))).all())


async def forgotten(app: Application) -> None:
    """The sweep forgets the ids just after Telegram answered."""
    for _ in range(100):
        if await remembered(app) == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the swept ids are still remembered")


@pytest.fixture
def quick_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "QUIET_SWEEP_EVERY", 0.2)


@pytest.mark.usefixtures("quick_sweeps")
async def test_a_25_hour_old_conversation_is_deleted_after_a_restart(
    settings: BotSettings, transport: str
) -> None:
    async with (
        running_server(settings=Settings(poll_fresh_s=2.0)) as server,
        SandboxClient(server.base_url) as sandbox,
    ):
        async with bot_process(settings, server, transport) as first:
            await report(sandbox, first)
            await asyncio.sleep(0.5)  # its last answers are sent and remembered
            in_chat = len((await sandbox.chat(USER))["messages"])
            assert in_chat > 10 and await remembered(first) == in_chat
        # The first process is gone. Nearly a day passes: nothing is swept yet.
        sends = len(await sandbox.log("sendMessage"))
        server.clock.advance(23 * HOUR)
        async with bot_process(settings, server, transport) as second:
            await asyncio.sleep(1.0)  # several sweeps
            assert len((await sandbox.chat(USER))["messages"]) == in_chat
            server.clock.advance(2 * HOUR)  # 25 hours of quiet
            await sandbox.wait_for(USER, lambda v: v["messages"] == [], within=15)
            await forgotten(second)
            [case] = await cases(second)
            assert case.allow_replies and case.reference  # her case and its relay stay
            deletions = await sandbox.log("deleteMessages")
            assert deletions and all(len(c["params"]["message_ids"]) <= 100 for c in deletions)
            assert len(await sandbox.log("sendMessage")) == sends  # nothing written to her


@pytest.mark.usefixtures("quick_sweeps")
async def test_past_48_hours_the_ids_are_forgotten_and_nothing_is_claimed(
    settings: BotSettings, transport: str
) -> None:
    async with (
        running_server(settings=Settings(poll_fresh_s=2.0)) as server,
        SandboxClient(server.base_url) as sandbox,
    ):
        app: Application
        async with bot_process(settings, server, transport) as app:
            app.quiet.clock = lambda: server.clock.now_utc().replace(year=1990)  # held back
            await sandbox.send(USER, "/start", language_code="en")
            await press_when_shown(sandbox, "country:rs")
            await sandbox.wait_for(USER, lambda v: "safety:yes" in _buttons(v), within=15)
            await asyncio.sleep(0.3)
            before = (await sandbox.chat(USER))["messages"]
            sends = len(await sandbox.log("sendMessage"))
            server.clock.advance(49 * HOUR)  # she was away two days: too old to delete
            app.quiet.clock = server.clock.now_utc
            await forgotten(app)  # not retried
            await asyncio.sleep(0.5)
            after = (await sandbox.chat(USER))["messages"]
            assert [m["message_id"] for m in after] == [m["message_id"] for m in before]
            assert not any(m["deletable_by_bot"] for m in after)  # Telegram would not
            assert len(await sandbox.log("deleteMessages")) == 1  # tried once, never again
            assert len(await sandbox.log("sendMessage")) == sends  # and no word about it
