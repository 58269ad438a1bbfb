"""Webhook mode: secret checked in constant time, bad traffic refused, updates exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy import func
from sqlmodel import select

from bot.app import Application, build_application
from bot.sandbox.botapi import RunningServer, running_server
from bot.sandbox.botapi.client import SandboxClient
from bot.settings import PLACEHOLDER_TOKEN, Settings
from bot.storage.models import ProcessedUpdate
from bot.telegram.aiogram.webhook import run_webhook
from classifiers.rules.classifier import RulesClassifier

SECRET = "webhook-secret-for-tests-0123456789"


@dataclass
class Replica:
    app: Application
    url: str


@contextlib.asynccontextmanager
async def replica(settings: Settings, server: RunningServer) -> AsyncIterator[Replica]:
    configured = settings.model_copy(
        update={"telegram_api_base": server.base_url, "webhook_secret": SecretStr(SECRET)}
    )
    app = await build_application(configured, classifier=RulesClassifier())
    bound: list[int] = []
    ready = asyncio.Event()
    task = asyncio.create_task(
        run_webhook(
            app, token=PLACEHOLDER_TOKEN, host="127.0.0.1", port=0, ready=ready, bound=bound
        )
    )
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield Replica(app=app, url="http://127.0.0.1:{}/telegram/webhook".format(bound[0]))
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.close()


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    async with running_server() as running:
        yield running


async def real_update(server: RunningServer, user_id: int, text: str) -> dict:
    """An update exactly as the Bot API server builds it (the chat exists there)."""
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        sent = await sandbox.send(user_id, text)
    async with aiohttp.ClientSession() as session:
        url = "{}/bot{}/getUpdates".format(server.base_url, PLACEHOLDER_TOKEN)
        async with session.post(url, json={"timeout": 0}) as response:
            updates = (await response.json())["result"]
    return next(u for u in updates if u["update_id"] == sent["update_id"])


async def post(url: str, body: bytes, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        return r.status


async def sends(server: RunningServer) -> list[dict]:
    async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
        return await sandbox.log("sendMessage")


async def test_bad_traffic_is_refused(settings: Settings, server: RunningServer) -> None:
    async with replica(settings, server) as r:
        good = json.dumps(await real_update(server, 901, "/start")).encode()
        assert await post(r.url, good, secret=None) == 403
        assert await post(r.url, good, secret="wrong-secret-wrong-secret") == 403
        assert await post(r.url, b"{not json", secret=SECRET) == 400
        assert await post(r.url, b"[1, 2, 3]", secret=SECRET) == 400
        assert await post(r.url, b'{"update_id": "x"}', secret=SECRET) == 400
        huge = json.dumps({"update_id": 2, "padding": "x" * (2 * 1024 * 1024)}).encode()
        assert await post(r.url, huge, secret=SECRET) == 413
        unknown = json.dumps({"update_id": 3, "some_future_update": {"x": 1}}).encode()
        assert await post(r.url, unknown, secret=SECRET) == 200
        assert await sends(server) == []


async def test_a_redelivered_update_is_processed_once(
    settings: Settings, server: RunningServer
) -> None:
    async with replica(settings, server) as r:
        body = json.dumps(await real_update(server, 902, "/start")).encode()
        assert await post(r.url, body) == 200
        assert await post(r.url, body) == 200
        assert len(await sends(server)) == 1


async def test_two_replicas_receiving_the_same_update_act_once(
    settings: Settings, server: RunningServer
) -> None:
    async with replica(settings, server) as one, replica(settings, server) as two:
        for user_id in range(920, 930):
            body = json.dumps(await real_update(server, user_id, "/start")).encode()
            statuses = await asyncio.gather(post(one.url, body), post(two.url, body))
            assert set(statuses) == {200}
        assert len(await sends(server)) == 10
        async with one.app.sessionmaker() as session:
            count = (await session.exec(select(func.count()).select_from(ProcessedUpdate))).one()
        assert count == 10


async def start_through_webhook(
    server: RunningServer, sandbox: SandboxClient, url: str, *, user_id: int
) -> dict:
    """Register the replica's webhook with the Bot API server, send /start, await the bot."""
    async with aiohttp.ClientSession() as session:
        api = "{}/bot{}/setWebhook".format(server.base_url, PLACEHOLDER_TOKEN)
        async with session.post(api, json={"url": url, "secret_token": SECRET}) as response:
            assert (await response.json())["ok"] is True
    await sandbox.send(user_id, "/start")
    view: dict = await sandbox.wait_for(
        user_id, lambda v: any(m["from"] == "bot" for m in v["messages"]), within=10
    )
    return view


async def test_updates_pushed_by_the_bot_api_server_reach_the_bot(
    settings: Settings, server: RunningServer
) -> None:
    async with replica(settings, server) as r:
        async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
            view = await start_through_webhook(server, sandbox, r.url, user_id=904)
        assert "Which country" in view["messages"][-1]["text"]


async def test_a_button_press_is_answered_in_the_webhook_reply(
    settings: Settings, server: RunningServer
) -> None:
    """The callback answer rides on the webhook's HTTP answer: one request fewer per press."""
    async with replica(settings, server) as r:
        async with SandboxClient(server.base_url, token=PLACEHOLDER_TOKEN) as sandbox:
            await start_through_webhook(server, sandbox, r.url, user_id=905)
            await sandbox.press(905, callback_data="country:al")
            await sandbox.wait_for(
                905, lambda v: "Are you safe" in v["messages"][-1]["text"], within=10
            )
            for _ in range(50):  # the answer runs just after the webhook's reply arrives
                answers = await sandbox.log("answerCallbackQuery")
                if answers:
                    break
                await asyncio.sleep(0.05)
    assert [(a["via"], a["ok"]) for a in answers] == [("webhook answer", True)]
