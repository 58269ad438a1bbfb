"""aiogram handlers: parse the update, call the conversation service, render."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, Message, Update

from bot.flows.events import FileReceived, Inbound, Press
from bot.i18n import language_from_telegram
from bot.services.conversations import ConversationService
from bot.telegram import texts
from bot.telegram.aiogram.parse import message_to_event
from bot.telegram.aiogram.render import render_outcome

log = logging.getLogger(__name__)


def build_router(service: ConversationService) -> Router:
    router = Router(name="survivor")

    async def handle(
        *,
        bot: Bot,
        update: Update,
        user_id: int,
        chat_id: int,
        language_hint: str | None,
        event: Inbound,
        incoming_message_id: int | None,
        callback: CallbackQuery | None = None,
    ) -> None:
        try:
            outcome = await service.handle(
                update_id=update.update_id,
                telegram_user_id=user_id,
                chat_id=chat_id,
                event=event,
                incoming_message_id=incoming_message_id,
                language_hint=language_hint,
            )
        except Exception:
            log.exception("update %s failed", update.update_id)
            language = await service.language_of(telegram_user_id=user_id, hint=language_hint)
            t = service.translator(language)
            if callback is not None:
                await callback.answer()
            await bot.send_message(chat_id, texts.internal_error(t))
            return
        if outcome.duplicate:
            if callback is not None:
                await _safe_answer(callback)
            return
        sent = await render_outcome(
            bot=bot,
            chat_id=chat_id,
            outcome=outcome,
            callback=callback,
        )
        if outcome.remember_sent:
            await service.remember_sent(telegram_user_id=user_id, message_ids=sent)

    async def leave_group(message: Message, bot: Bot) -> None:
        hint = message.from_user.language_code if message.from_user else None
        t = service.translator(language_from_telegram(hint))
        try:
            await message.answer(texts.private_only(t))
            await bot.leave_chat(message.chat.id)
        except (TelegramBadRequest, TelegramForbiddenError):
            log.info("could not leave a group chat")

    @router.message(F.chat.type != ChatType.PRIVATE)
    async def on_group_message(message: Message, bot: Bot) -> None:
        await leave_group(message, bot)

    @router.edited_message(F.chat.type != ChatType.PRIVATE)
    async def on_group_edit(message: Message) -> None:
        return None

    @router.message()
    async def on_message(message: Message, bot: Bot, event_update: Update) -> None:
        await _on_private(message, bot, event_update, edited=False)

    @router.edited_message()
    async def on_edited(message: Message, bot: Bot, event_update: Update) -> None:
        await _on_private(message, bot, event_update, edited=True)

    async def _on_private(message: Message, bot: Bot, update: Update, *, edited: bool) -> None:
        if message.from_user is None or message.from_user.is_bot:
            return
        try:
            event = await message_to_event(
                message, bot=bot, max_file_bytes=service.limits.max_file_bytes, edited=edited
            )
        except TelegramBadRequest:
            # The file could not be fetched (too big for the Bot API, or gone).
            kind = "photo" if message.photo else "document"
            event = FileReceived(kind, service.limits.max_file_bytes + 1, None)
        await handle(
            bot=bot,
            update=update,
            user_id=message.from_user.id,
            chat_id=message.chat.id,
            language_hint=message.from_user.language_code,
            event=event,
            incoming_message_id=None if edited else message.message_id,
        )

    @router.callback_query()
    async def on_press(callback: CallbackQuery, bot: Bot, event_update: Update) -> None:
        message = callback.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            await _safe_answer(callback)
            return
        await handle(
            bot=bot,
            update=event_update,
            user_id=callback.from_user.id,
            chat_id=message.chat.id,
            language_hint=callback.from_user.language_code,
            event=Press(callback.data or ""),
            incoming_message_id=None,
            callback=callback,
        )

    return router


async def _safe_answer(callback: CallbackQuery, text: str = "") -> None:
    try:
        await callback.answer(text or None)
    except TelegramBadRequest:
        log.info("callback answer too late")
