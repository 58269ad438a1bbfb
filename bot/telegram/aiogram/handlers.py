"""aiogram handlers: read the update into plain values, then the shared dispatch."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, Update

from bot.services.conversations import ConversationService
from bot.telegram import dispatch
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.delivery import Pressed
from bot.telegram.parsing import incoming_from


def pressed_of(callback: CallbackQuery) -> Pressed:
    message_id = callback.message.message_id if callback.message is not None else None
    return Pressed(callback.id, message_id)


def build_router(service: ConversationService) -> Router:
    router = Router(name="survivor")

    @router.message(F.chat.type != ChatType.PRIVATE)
    async def on_group_message(message: Message, bot: Bot) -> None:
        hint = message.from_user.language_code if message.from_user else None
        await dispatch.leave_group(
            service, AiogramPort(bot), chat_id=message.chat.id, language_hint=hint
        )

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
        await dispatch.private_message(
            service,
            AiogramPort(bot),
            update_id=update.update_id,
            user_id=message.from_user.id,
            chat_id=message.chat.id,
            message_id=message.message_id,
            incoming=incoming_from(message),
            edited=edited,
        )

    @router.callback_query()
    async def on_press(callback: CallbackQuery, bot: Bot, event_update: Update) -> None:
        message = callback.message
        pressed = pressed_of(callback)
        await dispatch.button_press(
            service,
            AiogramPort(bot),
            update_id=event_update.update_id,
            user_id=callback.from_user.id,
            chat_id=message.chat.id if message is not None else None,
            private=message is not None and message.chat.type == ChatType.PRIVATE,
            language_hint=callback.from_user.language_code,
            pressed=pressed,
            data=callback.data,
        )

    return router
