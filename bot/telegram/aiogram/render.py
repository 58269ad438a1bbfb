"""Carry out the service's outbound actions with aiogram calls."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from bot.flows.actions import AnswerCallback, EditPressed, Keyboard, LeaveChat, Send
from bot.services.conversations import DeleteMessages, Outcome

log = logging.getLogger(__name__)
T = TypeVar("T")
DELETE_BATCH = 100
MAX_TRIES = 5


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.label, callback_data=b.data) for b in row] for row in rows
        ]
    )


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Honour `retry_after`, retry server errors and timeouts with backoff."""
    delay = 0.5
    for attempt in range(MAX_TRIES):
        try:
            return await call()
        except TelegramRetryAfter as exc:
            await asyncio.sleep(exc.retry_after)
        except (TelegramServerError, TelegramNetworkError):
            if attempt == MAX_TRIES - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2
    return await call()


async def render_outcome(
    *, bot: Bot, chat_id: int, outcome: Outcome, callback: CallbackQuery | None
) -> list[int]:
    """Send, edit and delete as asked; return the ids of messages sent."""
    sent: list[int] = []
    answered = False
    for action in outcome.actions:
        if isinstance(action, AnswerCallback):
            if callback is not None and not answered:
                answered = True
                try:
                    await callback.answer(action.text or None)
                except TelegramBadRequest:
                    log.info("callback answered too late")
        elif isinstance(action, Send):
            message = await with_retries(
                lambda a=action: bot.send_message(  # type: ignore[misc]
                    chat_id, a.text, reply_markup=keyboard(a.buttons)
                )
            )
            sent.append(message.message_id)
        elif isinstance(action, EditPressed):
            if callback is None or callback.message is None:
                continue
            try:
                await with_retries(
                    lambda a=action: bot.edit_message_text(  # type: ignore[misc]
                        text=a.text,
                        chat_id=chat_id,
                        message_id=callback.message.message_id,  # type: ignore[union-attr]
                        reply_markup=keyboard(a.buttons),
                    )
                )
            except TelegramBadRequest as exc:
                if "not modified" not in str(exc):
                    raise
        elif isinstance(action, DeleteMessages):
            await delete_all(bot, chat_id, list(action.message_ids))
        elif isinstance(action, LeaveChat):
            await bot.leave_chat(chat_id)
    if callback is not None and not answered:
        try:
            await callback.answer()
        except TelegramBadRequest:
            pass
    return sent


async def delete_all(bot: Bot, chat_id: int, message_ids: list[int]) -> None:
    """Delete in batches; fall back to one by one so one old message blocks nothing."""
    for start in range(0, len(message_ids), DELETE_BATCH):
        batch = message_ids[start : start + DELETE_BATCH]
        try:
            await with_retries(lambda b=batch: bot.delete_messages(chat_id, b))  # type: ignore[misc]
            continue
        except TelegramBadRequest:
            pass
        for message_id in batch:
            try:
                await with_retries(
                    lambda m=message_id: bot.delete_message(chat_id, m)  # type: ignore[misc]
                )
            except TelegramBadRequest:
                log.info("a message could not be deleted (too old or already gone)")
