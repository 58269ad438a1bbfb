"""Finding 12: a webhook body nested 100,000 levels deep is refused (it gave a 500 from a
RecursionError), and an update that fails validation is refused without its content
reaching the logs (the validation error, with her text in it, was logged at ERROR)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Update
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import PLACEHOLDER_TOKEN
from bot.telegram.aiogram.factory import create_bot
from bot.telegram.webhook import SECRET_HEADER, create_webhook_app

SECRET = "webhook-secret-for-tests-0123456789"
HER_TEXT = "he knows where I live, Bulevar 12"


@pytest.fixture
async def webhook() -> AsyncIterator[tuple[TestClient, list[dict[str, Any]]]]:
    """The webhook endpoint, feeding aiogram's own Update model (as `run_webhook` does)."""
    bot = create_bot(token=PLACEHOLDER_TOKEN, api_base="http://127.0.0.1:9")
    fed: list[dict[str, Any]] = []

    async def feed(raw: dict[str, Any]) -> None:
        Update.model_validate(raw, context={"bot": bot})
        fed.append(raw)

    async def health() -> bool:
        return True

    app = create_webhook_app(secret=SECRET, feed=feed, health=health)
    async with TestClient(TestServer(app)) as client:
        yield client, fed
    await bot.session.close()


async def _post(client: TestClient, body: str) -> int:
    answer = await client.post(
        "/telegram/webhook",
        data=body.encode(),
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
    )
    return answer.status


async def test_deeply_nested_body_is_refused(
    webhook: tuple[TestClient, list[dict[str, Any]]],
) -> None:
    client, fed = webhook
    depth = 100_000
    body = '{"update_id": 1, "message": ' + "[" * depth + "]" * depth + "}"
    assert await _post(client, body) == 400
    moderately = '{"update_id": 2, "x": ' + '{"a": ' * 200 + "1" + "}" * 200 + "}"
    assert await _post(client, moderately) == 400
    assert fed == []
    assert await _post(client, '{"update_id": 3}') == 200  # the endpoint still works


async def test_invalid_update_is_refused_and_its_content_never_logged(
    webhook: tuple[TestClient, list[dict[str, Any]]], caplog: pytest.LogCaptureFixture
) -> None:
    client, fed = webhook
    caplog.set_level(logging.DEBUG)
    message = {
        "message_id": "not a number",
        "date": "never",
        "chat": {"id": "x", "type": 5},
        "text": HER_TEXT,
    }
    body = json.dumps({"update_id": 7, "message": message})
    assert await _post(client, body) == 400
    assert fed == []
    logged = "\n".join(
        record.getMessage() + (str(record.exc_info[1]) if record.exc_info else "")
        for record in caplog.records
    )
    assert caplog.records, "the refusal is logged"
    assert HER_TEXT not in logged and "Bulevar" not in logged
    assert "not a number" not in logged
