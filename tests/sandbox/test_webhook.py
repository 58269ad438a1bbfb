"""Webhook mode: updates are POSTed to the bot's server with the secret header, retried."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiohttp import web

from bot.sandbox.botapi.client import SandboxClient

from .support import USER_ID


class Receiver:
    """A tiny webhook endpoint that fails on demand and records what it got."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.fail_next = 0
        self.reply: dict[str, Any] | None = None
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.received.append((await request.json(), secret))
        self.arrived.set()
        if self.reply is not None:
            return web.json_response(self.reply)
        return web.Response(text="")

    async def wait_for(self, count: int) -> None:
        async with asyncio.timeout(3):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield hook, f"http://{host}:{port}/hook"
    await runner.cleanup()


async def test_updates_are_pushed_with_secret(
    bot: Bot, sandbox: SandboxClient, receiver: tuple[Receiver, str]
) -> None:
    hook, url = receiver
    assert await bot.set_webhook(url, secret_token="s3cret-token")
    sent = await sandbox.send(USER_ID, "hello")
    await hook.wait_for(1)
    update, secret = hook.received[0]
    assert secret == "s3cret-token"
    assert update["update_id"] == sent["update_id"]
    assert update["message"]["text"] == "hello"
    health = await sandbox.request("GET", "/sandbox/health")
    assert health["polling"] is True
    info = await bot.get_webhook_info()
    assert info.url == url and info.pending_update_count == 0


async def test_failed_delivery_is_retried_and_reported(
    bot: Bot, sandbox: SandboxClient, receiver: tuple[Receiver, str]
) -> None:
    hook, url = receiver
    hook.fail_next = 2
    await bot.set_webhook(url)
    await sandbox.send(USER_ID, "one")
    await sandbox.send(USER_ID, "two")
    await hook.wait_for(2)
    assert [u["message"]["text"] for u, _ in hook.received] == ["one", "two"]
    info = await bot.get_webhook_info()
    assert info.last_error_message is not None and "500" in info.last_error_message


async def test_method_in_webhook_answer_is_run(
    bot: Bot, sandbox: SandboxClient, receiver: tuple[Receiver, str]
) -> None:
    hook, url = receiver
    hook.reply = {"method": "sendMessage", "chat_id": USER_ID, "text": "answered in reply"}
    await bot.set_webhook(url)
    await sandbox.send(USER_ID, "hi")
    view = await sandbox.wait_for(USER_ID, lambda v: len(v["messages"]) == 2)
    assert view["messages"][1]["text"] == "answered in reply"


async def test_delete_webhook_keeps_pending_updates_for_polling(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await bot.set_webhook("http://127.0.0.1:9/unreachable")
    await sandbox.send(USER_ID, "kept")
    await bot.delete_webhook()
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["kept"]
    await bot.set_webhook("http://127.0.0.1:9/unreachable")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == []
    assert json.dumps((await sandbox.log("deleteWebhook"))[-1]["params"])


async def test_chats_are_delivered_concurrently_each_in_order(
    bot: Bot, sandbox: SandboxClient
) -> None:
    """Like Telegram: one update at a time per chat, several chats at once."""
    active: dict[int, int] = {}
    most_at_once = 0
    arrivals: list[tuple[int, str]] = []
    all_arrived = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        nonlocal most_at_once
        update = await request.json()
        chat = update["message"]["chat"]["id"]
        active[chat] = active.get(chat, 0) + 1
        assert active[chat] == 1, "two updates of one chat in flight"
        most_at_once = max(most_at_once, sum(active.values()))
        await asyncio.sleep(0.1)
        arrivals.append((chat, update["message"]["text"]))
        if len(arrivals) == 9:
            all_arrived.set()
        active[chat] -= 1
        return web.Response(text="")

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        await bot.set_webhook(f"http://{host}:{port}/hook")
        for n in range(3):
            for user in (USER_ID, USER_ID + 1, USER_ID + 2):
                await sandbox.send(user, f"m{n}")
        await asyncio.wait_for(all_arrived.wait(), 5)
    finally:
        await runner.cleanup()
    for user in (USER_ID, USER_ID + 1, USER_ID + 2):
        assert [text for chat, text in arrivals if chat == user] == ["m0", "m1", "m2"]
    assert most_at_once >= 2
