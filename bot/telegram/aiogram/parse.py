"""Turn aiogram messages into flow events (the reading itself is in bot.telegram.parsing)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import Message

from bot.flows.events import Inbound
from bot.telegram import parsing
from bot.telegram.aiogram.port import AiogramPort


def forward_origin_name(message: Message) -> str | None:
    """Who a forwarded message came from, as Telegram shows it; None if not forwarded."""
    return parsing.forward_origin_name(message.forward_origin)


async def message_to_event(
    message: Message, *, bot: Bot, max_file_bytes: int, edited: bool = False
) -> Inbound:
    return await parsing.to_event(
        parsing.incoming_from(message),
        download=AiogramPort(bot).download,
        max_file_bytes=max_file_bytes,
        edited=edited,
    )
