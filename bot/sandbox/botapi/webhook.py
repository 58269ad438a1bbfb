"""Webhook delivery: POST each pending update, in order, until the bot's server takes it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from .state import BotState, World

log = logging.getLogger(__name__)

# Runs a method a webhook answered with ({"method": ..., ...} in the response body).
ReplyRunner = Callable[[BotState, dict[str, Any]], Awaitable[None]]


class WebhookPusher:
    """One delivery task per bot with a webhook; retries with backoff and records errors."""

    def __init__(self, world: World, run_reply: ReplyRunner) -> None:
        self.world = world
        self.run_reply = run_reply
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self._session: aiohttp.ClientSession | None = None

    def ensure(self, bot: BotState) -> None:
        task = self.tasks.get(bot.token)
        if task is None or task.done():
            self.tasks[bot.token] = asyncio.get_running_loop().create_task(self._deliver(bot))

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        for task in self.tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.tasks.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def _deliver(self, bot: BotState) -> None:
        """Deliver pending updates with up to `max_connections` in flight.

        Like Telegram, updates of one chat go one at a time and in order, while
        different chats are delivered concurrently. A failed update is retried
        with backoff before any later update of its chat.
        """
        in_flight: dict[object, asyncio.Task[None]] = {}
        failures: dict[object, int] = {}
        while bot.webhook is not None and not self.world.closing:
            limit = bot.webhook.max_connections
            started = False
            for update in list(bot.updates):
                if len(in_flight) >= limit:
                    break
                key = _chat_key(update)
                if key in in_flight:
                    continue
                in_flight[key] = asyncio.get_running_loop().create_task(
                    self._deliver_one(bot, update, key, failures)
                )
                started = True
                # Later updates of the same chat wait for this one.
            done = [k for k, t in in_flight.items() if t.done()]
            for key in done:
                in_flight.pop(key)
            if started or done:
                continue
            waiters = [t for t in in_flight.values()]
            event = bot.wakeup_event()
            wake = asyncio.ensure_future(event.wait())
            try:
                await asyncio.wait([wake, *waiters], timeout=1.0, return_when="FIRST_COMPLETED")
            finally:
                wake.cancel()
        for task in in_flight.values():
            task.cancel()

    async def _deliver_one(
        self, bot: BotState, update: dict[str, Any], key: object, failures: dict[object, int]
    ) -> None:
        error = await self._post(bot, update)
        if error is None:
            failures.pop(key, None)
            with contextlib.suppress(ValueError):
                bot.updates.remove(update)
            bot.notify()
            return
        if bot.webhook is not None:
            bot.webhook.last_error_date = self.world.clock.date()
            bot.webhook.last_error_message = error
        delays = self.world.settings.webhook_retry_s
        count = failures.get(key, 0)
        failures[key] = count + 1
        await asyncio.sleep(delays[min(count, len(delays) - 1)])

    async def _post(self, bot: BotState, update: dict[str, Any]) -> str | None:
        """Deliver one update; None on a 2xx answer, else the error Telegram would report."""
        hook = bot.webhook
        if hook is None:
            return "webhook was deleted"
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        try:
            async with self._client().post(
                hook.url, data=json.dumps(update), headers=headers
            ) as response:
                body = await response.read()
                if not 200 <= response.status < 300:
                    return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return f"Connection failed: {exc.__class__.__name__}"
        await self._maybe_reply(bot, body)
        return None

    async def _maybe_reply(self, bot: BotState, body: bytes) -> None:
        """Telegram runs a method given in the webhook's answer; errors are not reported."""
        if not body.strip():
            return
        try:
            reply = json.loads(body)
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            try:
                await self.run_reply(bot, reply)
            except Exception:  # the answer's outcome is invisible to the bot, as on Telegram
                log.debug("webhook reply method failed", exc_info=True)


def _chat_key(update: dict[str, Any]) -> object:
    """The chat an update belongs to (its own id when it has none)."""
    for field in ("message", "edited_message", "channel_post", "edited_channel_post"):
        body = update.get(field)
        if isinstance(body, dict) and isinstance(body.get("chat"), dict):
            return body["chat"].get("id")
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return message["chat"].get("id")
        sender = query.get("from")
        if isinstance(sender, dict):
            return sender.get("id")
    member = update.get("my_chat_member")
    if isinstance(member, dict) and isinstance(member.get("chat"), dict):
        return member["chat"].get("id")
    return ("update", update.get("update_id"))
