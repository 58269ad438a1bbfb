"""Factories for the aiogram Bot and Dispatcher; nothing is built at import time."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMessages,
    EditMessageText,
    GetMe,
    LeaveChat,
    SendMessage,
)
from aiogram.methods.base import Response

from bot.services.conversations import ConversationService
from bot.telegram.aiogram.handlers import build_router
from bot.telegram.setup import ALLOWED_UPDATES

__all__ = ["ALLOWED_UPDATES", "create_bot", "create_dispatcher"]


# The calls made for every update. aiogram parses each answer as `Response[T]`;
# pydantic keeps such generic classes only weakly, so without a strong reference
# it rebuilds the class (and its validator) after every garbage collection.
HOT_METHODS = (
    SendMessage,
    EditMessageText,
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMessages,
    LeaveChat,
    GetMe,
)


class PinnedAiohttpSession(AiohttpSession):
    """aiogram's aiohttp session holding the answer types of the hot calls."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pinned_response_types = [Response[m.__returning__] for m in HOT_METHODS]  # type: ignore[name-defined]


def create_bot(*, token: str, api_base: str) -> Bot:
    """A Bot talking to `api_base` (real Telegram or the local sandbox server)."""
    session = PinnedAiohttpSession(api=TelegramAPIServer.from_base(api_base, is_local=False))
    return Bot(
        token=token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(*, service: ConversationService) -> Dispatcher:
    # Conversation state lives in our database (flows), never in aiogram's FSM.
    dispatcher = Dispatcher(disable_fsm=True)
    dispatcher.include_router(build_router(service))
    return dispatcher
