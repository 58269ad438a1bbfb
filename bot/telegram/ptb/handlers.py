"""python-telegram-bot handlers: read the update into plain values, then the shared dispatch."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.services.conversations import ConversationService
from bot.telegram import dispatch
from bot.telegram.delivery import Pressed
from bot.telegram.parsing import incoming_from
from bot.telegram.ptb.port import PtbPort

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def add_handlers(
    application: Application[Any, Any, Any, Any, Any, Any], service: ConversationService
) -> None:
    """Same routing as the aiogram router: groups are left, private chats reach the flows."""

    async def on_group_message(update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        hint = message.from_user.language_code if message.from_user else None
        await dispatch.leave_group(
            service, PtbPort(context.bot), chat_id=message.chat.id, language_hint=hint
        )

    async def on_private(update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        await dispatch.private_message(
            service,
            PtbPort(context.bot),
            update_id=update.update_id,
            user_id=message.from_user.id,
            chat_id=message.chat.id,
            message_id=message.message_id,
            incoming=incoming_from(message),
            edited=update.edited_message is not None,
        )

    async def on_press(update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        message = query.message
        await dispatch.button_press(
            service,
            PtbPort(context.bot),
            update_id=update.update_id,
            user_id=query.from_user.id,
            chat_id=message.chat.id if message is not None else None,
            private=message is not None and message.chat.type == ChatType.PRIVATE,
            language_hint=query.from_user.language_code,
            pressed=Pressed(query.id, message.message_id if message is not None else None),
            data=query.data,
        )

    async def on_error(update: object, context: Context) -> None:
        # Like aiogram's dispatcher: log the failure (no message text, no ids), go on.
        log.error("update handling failed", exc_info=context.error)

    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            MessageHandler(filters.UpdateType.MESSAGE & ~private, on_group_message),
            MessageHandler(filters.UpdateType.MESSAGES & private, on_private),
            CallbackQueryHandler(on_press),
        ]
    )
    application.add_error_handler(on_error)
