"""Prometheus metrics on the webhook and the portal: counts and times, no ids, no paths."""

from __future__ import annotations

import json
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.app import Application
from bot.metrics import WebhookMetrics
from bot.telegram.webhook import SECRET_HEADER, create_webhook_app
from bot.web.app import create_portal_app
from bot.web.config import portal_config
from tests.helpers.portal import FAST_KDF, client

SECRET = "s" * 24


def _value(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError("{} not in the metrics".format(name))


async def test_webhook_counts_updates_by_outcome_and_serves_them(app: Application) -> None:
    async def feed(update: dict[str, Any]) -> None:
        if update["update_id"] == 2:
            raise RuntimeError("boom")

    async def health() -> bool:
        return True

    web_app = create_webhook_app(
        secret=SECRET, feed=feed, health=health, metrics=WebhookMetrics(app.engine)
    )
    async with TestClient(TestServer(web_app)) as http:
        headers = {SECRET_HEADER: SECRET}
        chat = {"message": {"chat": {"id": 5551234}, "text": "he posted my address"}}
        await http.post(
            "/telegram/webhook", data=json.dumps({"update_id": 1, **chat}), headers=headers
        )
        await http.post(
            "/telegram/webhook", data=json.dumps({"update_id": 2, **chat}), headers=headers
        )
        await http.post("/telegram/webhook", data="{", headers=headers)
        await http.post("/telegram/webhook", data="{}", headers={SECRET_HEADER: "wrong"})
        response = await http.get("/metrics")
        text = await response.text()
    assert response.status == 200
    assert _value(text, 'safe_report_webhook_updates_total{outcome="ok"}') == 1
    assert _value(text, 'safe_report_webhook_updates_total{outcome="failed"}') == 1
    assert _value(text, 'safe_report_webhook_updates_total{outcome="malformed"}') == 1
    assert _value(text, 'safe_report_webhook_updates_total{outcome="forbidden"}') == 1
    assert _value(text, "safe_report_webhook_update_seconds_count") == 2
    assert _value(text, "safe_report_pending_replies") == 0
    assert "5551234" not in text and "address" not in text


async def test_portal_counts_requests_by_route_template(app: Application) -> None:
    config = portal_config(
        app.settings, sandbox=True, require_totp=False, secure_cookies=False, kdf=FAST_KDF
    )
    portal = create_portal_app(app, config=config)
    case_id = "3f2b8a7e-0000-4000-8000-000000000001"
    async with client(portal) as http:
        await http.get("/healthz")
        await http.get("/cases/" + case_id)  # not signed in: redirected, still counted
        text = (await http.get("/metrics")).text
    assert (
        _value(
            text, 'safe_report_portal_requests_total{method="GET",route="/healthz",status="200"}'
        )
        == 1
    )
    assert 'route="/cases/{case_id}"' in text or 'route="/cases/{' in text
    assert case_id not in text
    assert _value(text, "safe_report_reply_outbox") == 0
