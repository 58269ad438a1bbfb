"""Turn aiogram messages into flow events (downloading evidence within limits)."""

from __future__ import annotations

import io

from aiogram import Bot
from aiogram.types import (
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from bot.flows.events import FileReceived, Inbound, Text, Unsupported
from bot.telegram.parsing import UNSUPPORTED_KINDS, parse_command


def forward_origin_name(message: Message) -> str | None:
    """Who a forwarded message came from, as Telegram shows it; None if not forwarded."""
    origin = message.forward_origin
    if origin is None:
        return None
    if isinstance(origin, MessageOriginUser):
        user = origin.sender_user
        name = " ".join(p for p in (user.first_name, user.last_name) if p)
        return name + (" (@{})".format(user.username) if user.username else "")
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or ""
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title or ""
    return ""


async def _download(bot: Bot, file_id: str) -> bytes:
    buffer = io.BytesIO()
    await bot.download(file_id, destination=buffer)
    return buffer.getvalue()


async def message_to_event(
    message: Message, *, bot: Bot, max_file_bytes: int, edited: bool = False
) -> Inbound:
    hint = message.from_user.language_code if message.from_user else None
    forwarded = forward_origin_name(message)
    if message.text is not None:
        command = None if forwarded is not None or edited else parse_command(message.text, hint)
        if command is not None:
            return command
        return Text(message.text, forwarded_from=forwarded, edited=edited)
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        size = largest.file_size or 0
        content = await _download(bot, largest.file_id) if size <= max_file_bytes else None
        return FileReceived(
            "photo", size, content, caption=message.caption, forwarded_from=forwarded
        )
    if message.document:
        doc = message.document
        size = doc.file_size or 0
        content = await _download(bot, doc.file_id) if size <= max_file_bytes else None
        return FileReceived(
            "document",
            size,
            content,
            name=doc.file_name,
            mime_type=doc.mime_type,
            caption=message.caption,
            forwarded_from=forwarded,
        )
    for kind in UNSUPPORTED_KINDS:
        if getattr(message, kind, None) is not None:
            return Unsupported(kind)
    return Unsupported("other")
