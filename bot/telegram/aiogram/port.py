"""The Bot API calls the shared delivery code needs, made with aiogram."""

from __future__ import annotations

import functools
import io

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputProfilePhotoStatic,
)

from bot.flows.actions import Keyboard
from bot.telegram.delivery import Failure, FailureKind


@functools.lru_cache(maxsize=1024)
def keyboard(rows: Keyboard) -> InlineKeyboardMarkup | None:
    """aiogram's markup for our keyboard; the same few keyboards recur, so it is kept."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.label, callback_data=b.data) for b in row] for row in rows
        ]
    )


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, TelegramRetryAfter):
        return Failure(FailureKind.RETRY_AFTER, retry_after=float(exc.retry_after))
    if isinstance(exc, TelegramServerError | TelegramNetworkError):
        return Failure(FailureKind.TRANSIENT)
    if isinstance(exc, TelegramBadRequest):
        return Failure(FailureKind.REJECTED, message=str(exc).lower())
    if isinstance(exc, TelegramForbiddenError):
        return Failure(FailureKind.FORBIDDEN, message=str(exc).lower())
    return Failure(FailureKind.OTHER)


class AiogramPort:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def classify(self, exc: BaseException) -> Failure:
        return classify(exc)

    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int:
        message = await self.bot.send_message(chat_id, text, reply_markup=keyboard(buttons))
        return message.message_id

    async def send_file(
        self, chat_id: int, file_name: str, data: bytes, caption: str, buttons: Keyboard = ()
    ) -> int:
        message = await self.bot.send_document(
            chat_id,
            BufferedInputFile(data, filename=file_name),
            caption=caption or None,
            protect_content=False,
            reply_markup=keyboard(buttons),
        )
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        await self.bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard(buttons)
        )

    async def answer(self, callback_id: str, text: str | None = None) -> None:
        await self.bot.answer_callback_query(callback_id, text=text)

    async def delete_many(self, chat_id: int, message_ids: list[int]) -> None:
        await self.bot.delete_messages(chat_id, message_ids)

    async def delete_one(self, chat_id: int, message_id: int) -> None:
        await self.bot.delete_message(chat_id, message_id)

    async def leave(self, chat_id: int) -> None:
        await self.bot.leave_chat(chat_id)

    async def set_chat_menu(
        self, chat_id: int, commands: tuple[tuple[str, str], ...] | None
    ) -> None:
        scope = BotCommandScopeChat(chat_id=chat_id)
        if commands is None:
            await self.bot.delete_my_commands(scope=scope)
        else:
            menu = [BotCommand(command=c, description=d) for c, d in commands]
            await self.bot.set_my_commands(menu, scope=scope)

    # --- the bot's face (bot/telegram/setup.py) ---

    async def set_commands(self, commands: list[tuple[str, str]], language: str | None) -> None:
        menu = [BotCommand(command=c, description=d) for c, d in commands]
        await self.bot.set_my_commands(menu, language_code=language)

    async def description(self, language: str | None) -> str:
        return (await self.bot.get_my_description(language_code=language)).description

    async def set_description(self, text: str, language: str | None) -> None:
        await self.bot.set_my_description(description=text, language_code=language)

    async def short_description(self, language: str | None) -> str:
        found = await self.bot.get_my_short_description(language_code=language)
        return found.short_description

    async def set_short_description(self, text: str, language: str | None) -> None:
        await self.bot.set_my_short_description(short_description=text, language_code=language)

    async def name(self, language: str | None) -> str:
        return (await self.bot.get_my_name(language_code=language)).name

    async def set_name(self, name: str, language: str | None) -> None:
        await self.bot.set_my_name(name=name, language_code=language)

    async def set_photo(self, data: bytes, file_name: str) -> None:
        photo = InputProfilePhotoStatic(photo=BufferedInputFile(data, filename=file_name))
        await self.bot.set_my_profile_photo(photo=photo)

    async def download(self, file_id: str) -> bytes:
        buffer = io.BytesIO()
        await self.bot.download(file_id, destination=buffer)
        return buffer.getvalue()
