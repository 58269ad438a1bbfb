"""Errors come back with Telegram's status codes, so aiogram raises its usual exceptions."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods.base import TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox.botapi import RunningServer, running_server
from bot.sandbox.botapi.client import SandboxClient

from .support import OTHER_TOKEN, TOKEN, USER_ID


class NoSuchMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "sendTelepathy"


async def test_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(NoSuchMethod())


async def test_chat_the_bot_never_saw_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(USER_ID, "hello")


async def test_text_limits(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER_ID, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER_ID, "   ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER_ID, "<b></b>", parse_mode="HTML")
    assert (await bot.send_message(USER_ID, "x" * 4096)).text == "x" * 4096
    # Telegram counts UTF-16 units: 2049 emoji are 4098 units
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER_ID, "🙂" * 2049)


async def test_bad_html_is_refused(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(USER_ID, "<div>x</div>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(USER_ID, "<b>x", parse_mode="HTML")


async def test_callback_data_over_64_bytes(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="é" * 33)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER_ID, "pick", reply_markup=too_long)


async def test_delete_and_edit_of_missing_messages(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, 999)
    # deleteMessages skips what it cannot find, even all of it (the Bot API server drops
    # missing ids, and TDLib answers an empty deletion with ok): True, nothing changes
    assert await bot.delete_messages(USER_ID, [998, 999]) is True
    assert [m["text"] for m in (await sandbox.chat(USER_ID))["messages"]] == ["/start"]
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=999)


async def test_user_messages_cannot_be_edited_and_no_op_edits_fail(
    bot: Bot, sandbox: SandboxClient
) -> None:
    mine = await sandbox.send(USER_ID, "/start")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=mine["message"]["message_id"])
    sent = await bot.send_message(USER_ID, "same")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("same", chat_id=USER_ID, message_id=sent.message_id)


async def test_callback_answered_twice_is_too_old(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="a", callback_data="a")]]
    )
    await bot.send_message(USER_ID, "pick", reply_markup=markup)
    pressed = await sandbox.press(USER_ID, callback_data="a")
    assert await bot.answer_callback_query(pressed["callback_query_id"])
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(pressed["callback_query_id"])


async def test_retry_after_fault(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    await sandbox.fault(method="sendMessage", status=429, retry_after=3, count=2)
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(USER_ID, "hi")
        assert caught.value.retry_after == 3
    assert (await bot.send_message(USER_ID, "hi")).text == "hi"
    statuses = [c.get("fault", c.get("status")) for c in await sandbox.log("sendMessage")]
    assert statuses == [429, 429, 200]


async def test_server_error_and_dropped_connection(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    await sandbox.fault(method="sendMessage", status=500)
    with pytest.raises(TelegramServerError):
        await bot.send_message(USER_ID, "hi")
    await sandbox.fault(method="sendMessage", drop="response")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER_ID, "lost answer")
    # the dropped answer's message was still sent, as can happen on a real network
    assert [m["text"] for m in (await sandbox.chat(USER_ID))["messages"]][-1] == "lost answer"


async def test_delay_fault_slows_the_call(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.fault(method="getMe", delay_ms=300)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.get_me()
    assert loop.time() - started >= 0.3


async def test_blocked_user_is_forbidden(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    await sandbox.request("POST", f"/sandbox/chats/{USER_ID}/block", {"blocked": True})
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")
    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"


async def test_unknown_token_is_unauthorized() -> None:
    async with running_server(tokens={TOKEN}) as server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
        stranger = Bot(OTHER_TOKEN, session=session)
        try:
            with pytest.raises(TelegramUnauthorizedError):
                await stranger.get_me()
        finally:
            await session.close()


async def test_get_updates_conflicts_with_webhook_and_second_poller(
    bot: Bot, server: RunningServer
) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook()
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    assert await second == []


async def test_dropped_request_sends_nothing(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    await sandbox.fault(method="sendMessage", drop=True)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER_ID, "never sent")
    assert [m["text"] for m in (await sandbox.chat(USER_ID))["messages"]] == ["/start"]
