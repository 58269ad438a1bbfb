"""Run the aiogram transport by long polling.

Not aiogram's `start_polling`: with its handlers run as tasks it confirms an update
(the next getUpdates' offset) before the update was handled, so a process killed
meanwhile loses it. `bot.telegram.polling` confirms only what was handled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.services.application import Application
from bot.telegram import polling
from bot.telegram.aiogram.factory import create_bot, create_dispatcher
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.background import background_work
from bot.telegram.setup import ALLOWED_UPDATES, POLL_TIMEOUT_S, present

log = logging.getLogger(__name__)


async def set_commands(bot: Bot, app: Application) -> None:
    """The bot's face: command menus, descriptions and name in every language it can."""
    await present(AiogramPort(bot), app.catalogues, app.settings)


class GetRawUpdates(GetUpdates):
    """getUpdates answered as plain JSON: while updates are in hand, every answer repeats
    them, and only the new ones are worth parsing into aiogram's models."""

    __returning__ = list[dict[str, Any]]  # type: ignore[assignment]


RawUpdate = dict[str, Any]


def updates_of(bot: Bot) -> polling.Fetch[RawUpdate]:
    async def fetch(offset: int | None, wait_s: int) -> Sequence[RawUpdate]:
        method = GetRawUpdates(offset=offset, timeout=wait_s, allowed_updates=ALLOWED_UPDATES)
        # The request may take the long poll's whole timeout before it answers.
        answer: list[RawUpdate] = await bot(
            method,  # type: ignore[arg-type]
            request_timeout=int(bot.session.timeout) + wait_s,
        )
        return answer

    return fetch


def handler_of(bot: Bot, dispatcher: Dispatcher) -> polling.Handle[RawUpdate]:
    async def handle(raw: RawUpdate) -> None:
        try:
            update = Update.model_validate(raw, context={"bot": bot})
            await dispatcher.feed_update(bot, update)
        except Exception:
            # Like aiogram's own polling: log the failure (no message text, no ids), go on.
            log.exception("update handling failed")

    return handle


async def run_polling(app: Application, *, token: str) -> None:
    bot = create_bot(token=token, api_base=app.settings.telegram_api_base)
    dispatcher = create_dispatcher(service=app.conversations)
    try:
        # Caseworker replies, transfer questions and new-case alerts go out beside polling.
        async with background_work(app, AiogramPort(bot)), app.translations.running():
            await bot.delete_webhook(drop_pending_updates=False)
            await set_commands(bot, app)
            await polling.poll(
                updates_of(bot),
                handler_of(bot, dispatcher),
                lambda raw: int(raw["update_id"]),
                wait_s=POLL_TIMEOUT_S,
            )
    finally:
        await bot.session.close()
