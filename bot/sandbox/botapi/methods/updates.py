"""Getting updates: long polling by offset, or a webhook the server pushes to."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import urlsplit

from ..errors import bad_request, conflict
from ..state import Webhook
from .base import Call, Handler

MAX_POLL_TIMEOUT = 50
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
_SUPERSEDED = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)


def _allowed_updates(call: Call) -> list[str] | None:
    value = call.params.get_json("allowed_updates")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_request("can't parse allowed_updates JSON array")
    return value


async def get_updates(call: Call) -> list[dict[str, Any]]:
    """Long poll; a newer getUpdates ends an older one with 409, as on Telegram."""
    bot, params = call.bot, call.params
    if bot.webhook is not None:
        raise conflict(_WEBHOOK_ACTIVE)
    offset = params.get_int("offset")
    limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
    timeout = min(max(params.get_int("timeout", 0) or 0, 0), MAX_POLL_TIMEOUT)
    allowed = _allowed_updates(call)
    if allowed is not None:
        bot.allowed_updates = allowed or None
    if offset is not None:
        bot.confirm(offset)
    bot.poll_generation += 1
    generation = bot.poll_generation
    bot.notify()  # wakes an older poll so it can step aside
    bot.polls_in_flight += 1
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while True:
            if bot.poll_generation != generation:
                raise conflict(_SUPERSEDED)
            if bot.webhook is not None:
                raise conflict(_WEBHOOK_ACTIVE)
            if bot.updates:
                return [bot.updates[i] for i in range(min(limit, len(bot.updates)))]
            remaining = deadline - loop.time()
            if remaining <= 0 or call.world.closing:
                return []
            event = bot.wakeup_event()
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass
    finally:
        bot.polls_in_flight -= 1
        bot.last_poll_at = time.monotonic()


async def set_webhook(call: Call) -> bool:
    """Register a loopback webhook. `url` is required, as the spec says.

    api.telegram.org still honours an old habit, an empty url removing the webhook; the
    spec does not have it and the sandbox refuses it, so a bot cannot come to rely on it
    here (deleteWebhook is the documented way).
    """
    bot, params = call.bot, call.params
    url = params.get_str("url") or ""
    if not url:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if params.get_bool("drop_pending_updates"):
        bot.updates.clear()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if parts.hostname not in _LOOPBACK:
        raise bad_request("bad webhook: the sandbox delivers webhooks to loopback hosts only")
    secret = params.get_str("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    max_connections = params.get_int("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = _allowed_updates(call)
    bot.webhook = Webhook(
        url=url,
        secret_token=secret,
        max_connections=max_connections,
        allowed_updates=allowed or None,
    )
    bot.notify()
    call.pusher.ensure(bot)
    return True


async def delete_webhook(call: Call) -> bool:
    bot = call.bot
    if call.params.get_bool("drop_pending_updates"):
        bot.updates.clear()
    bot.webhook = None
    bot.notify()
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    bot = call.bot
    if bot.webhook is None:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(bot.updates),
        }
    return bot.webhook.info(len(bot.updates))


METHODS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
