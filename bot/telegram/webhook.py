"""The webhook endpoint, shared by both transports.

Telegram POSTs each update here with the secret we gave it in a header; the
secret is compared in constant time and anything else is refused with 403.
The update is processed before we answer, so a crash makes Telegram redeliver
it, and the update-id claim in the database makes the redelivery harmless. The
answer may carry one Bot API call (see `webhook_reply`).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from bot.metrics import CONTENT_TYPE, WebhookMetrics
from bot.telegram.webhook_reply import reply_slot

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates nest about ten levels (a reply to a forwarded message with entities);
# anything far deeper is an attack on the parser (100,000 levels gave a RecursionError).
MAX_NESTING = 64
_OPENERS = re.compile(rb"[\[{]")
Feed = Callable[[dict[str, Any]], Awaitable[None]]
Health = Callable[[], Awaitable[bool]]


def create_webhook_app(
    *,
    secret: str,
    feed: Feed,
    health: Health,
    path: str = "/telegram/webhook",
    max_body_bytes: int = 1024 * 1024,
    metrics: WebhookMetrics | None = None,
) -> web.Application:
    """`metrics`: counted per update and served at GET /metrics (not proxied by nginx)."""
    expected = secret.encode()
    counted = metrics or WebhookMetrics()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            counted.updates.labels("forbidden").inc()
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            counted.updates.labels("too_large").inc()
            return web.json_response({"ok": False, "error": "too large"}, status=413)
        if _nesting(raw) > MAX_NESTING:
            counted.updates.labels("malformed").inc()
            return web.json_response({"ok": False, "error": "nested too deep"}, status=400)
        try:
            update = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            counted.updates.labels("malformed").inc()
            error = "not an update" if update is not None else "malformed JSON"
            return web.json_response({"ok": False, "error": error}, status=400)
        with counted.timing(), reply_slot() as reply:
            try:
                await feed(update)
            except ValidationError as exc:
                # Its message quotes the update (her words): only the count is logged.
                log.warning(
                    "update %s refused: not a valid update (%d problems)",
                    update["update_id"],
                    exc.error_count(),
                )
                counted.updates.labels("malformed").inc()
                return web.json_response({"ok": False, "error": "not an update"}, status=400)
            except Exception as exc:
                log.error(
                    "update %s failed (%s); Telegram will redeliver it\n%s",
                    update["update_id"],
                    type(exc).__name__,
                    "".join(traceback.format_tb(exc.__traceback__)),  # code lines, no values
                )
                counted.updates.labels("failed").inc()
                return web.json_response({"ok": False}, status=500)
        counted.updates.labels("ok").inc()
        return web.json_response(reply.method or {"ok": True})

    async def serve_metrics(_request: web.Request) -> web.Response:
        body = await counted.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def healthz(_request: web.Request) -> web.Response:
        ok = await health()
        return web.json_response({"ok": ok}, status=200 if ok else 503)

    app = web.Application(client_max_size=max_body_bytes)
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", serve_metrics)
    return app


def _nesting(raw: bytes) -> int:
    """How deep brackets nest, counting as JSON does (brackets inside strings do not count).

    Cheap for ordinary updates: only bodies with more openers than the limit are walked.
    """
    if len(_OPENERS.findall(raw)) <= MAX_NESTING:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
