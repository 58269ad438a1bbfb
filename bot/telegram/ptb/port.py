"""The Bot API calls the shared delivery code needs, made with python-telegram-bot."""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputProfilePhotoStatic,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.flows.actions import Keyboard
from bot.telegram.delivery import Failure, FailureKind


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )


def _seconds(exc: RetryAfter) -> float:
    """v22 returns int or timedelta (PTB_TIMEDELTA) and warns about the int; accept both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def classify(exc: BaseException) -> Failure:
    """PTB's BadRequest is a NetworkError subclass: test it first, or 400s would be retried."""
    if isinstance(exc, RetryAfter):
        return Failure(FailureKind.RETRY_AFTER, retry_after=_seconds(exc))
    if isinstance(exc, BadRequest):
        return Failure(FailureKind.REJECTED, message=exc.message.lower())
    if isinstance(exc, Forbidden):
        return Failure(FailureKind.FORBIDDEN, message=exc.message.lower())
    if isinstance(exc, NetworkError):  # TimedOut included, and 5xx answers
        return Failure(FailureKind.TRANSIENT)
    return Failure(FailureKind.OTHER)


class PtbPort:
    """Parse mode and link previews come from the Application's Defaults, as in aiogram."""

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
            InputFile(data, filename=file_name),
            caption=caption or None,
            protect_content=False,
            reply_markup=keyboard(buttons),
        )
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        await self.bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard(buttons)
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
        scope = BotCommandScopeChat(chat_id)
        if commands is None:
            await self.bot.delete_my_commands(scope=scope)
        else:
            await self.bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)

    # --- the bot's face (bot/telegram/setup.py) ---

    async def set_commands(self, commands: list[tuple[str, str]], language: str | None) -> None:
        await self.bot.set_my_commands(
            [BotCommand(c, d) for c, d in commands], language_code=language
        )

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
        photo = InputProfilePhotoStatic(photo=InputFile(data, filename=file_name))
        await self.bot.set_my_profile_photo(photo=photo)

    async def download(self, file_id: str) -> bytes:
        """getFile, then GET base_file_url + token + file_path (PTB builds the URL)."""
        file = await self.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())
