"""Carry out the service's outbound actions with aiogram calls (rules in bot.telegram.delivery)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.types import CallbackQuery

from bot.services.outcome import Outcome
from bot.telegram import delivery
from bot.telegram.aiogram.port import AiogramPort, classify, keyboard
from bot.telegram.delivery import DELETE_BATCH, MAX_TRIES, Pressed

__all__ = ["DELETE_BATCH", "MAX_TRIES", "delete_all", "keyboard", "render_outcome", "with_retries"]
T = TypeVar("T")


def pressed_of(callback: CallbackQuery | None) -> Pressed | None:
    if callback is None:
        return None
    message_id = callback.message.message_id if callback.message is not None else None
    return Pressed(callback.id, message_id)


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Honour `retry_after`, retry server errors and timeouts with backoff."""
    return await delivery.with_retries(call, classify)


async def render_outcome(
    *, bot: Bot, chat_id: int, outcome: Outcome, callback: CallbackQuery | None
) -> list[int]:
    """Send, edit and delete as asked; return the ids of messages sent."""
    return await delivery.render_outcome(
        AiogramPort(bot), chat_id=chat_id, outcome=outcome, pressed=pressed_of(callback)
    )


async def delete_all(bot: Bot, chat_id: int, message_ids: list[int]) -> None:
    """Delete in batches; fall back to one by one so one old message blocks nothing."""
    await delivery.delete_all(AiogramPort(bot), chat_id, message_ids)
