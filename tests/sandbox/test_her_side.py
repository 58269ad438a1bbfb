"""What a survivor does to the chat on her side, and what the bot then hears from Telegram.

She blocks the bot, deletes a message (or the whole chat) herself, or presses a button the
bot answers too late: each through the scripting API, answered to the real aiogram and
python-telegram-bot clients with Telegram's status and words.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient, ScriptError

from .support import TOKEN, USER_ID

BLOCKED = "Forbidden: bot was blocked by the user"
TOO_LATE = "query is too old and response timeout expired or query ID is invalid"


def menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Exit", callback_data="x")]]
    )


@pytest.fixture
async def ptb(server: RunningServer) -> AsyncIterator[telegram.Bot]:
    client = telegram.Bot(
        TOKEN, base_url=f"{server.base_url}/bot", base_file_url=f"{server.base_url}/file/bot"
    )
    async with client:
        yield client


async def test_blocked_bot_gets_403_on_every_send_until_unblocked(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    await bot.get_updates(timeout=0)
    sent = await bot.send_message(USER_ID, "before", reply_markup=menu())
    blocked = await sandbox.block(USER_ID)
    assert blocked["update_id"] is not None
    for attempt in (
        bot.send_message(USER_ID, "hello?"),
        bot.send_chat_action(USER_ID, "typing"),
        bot.send_document(USER_ID, BufferedInputFile(b"x", filename="x.txt")),
    ):
        with pytest.raises(TelegramForbiddenError) as refused:
            await attempt
        assert refused.value.message == BLOCKED
    log = await sandbox.log("sendMessage")
    assert (log[-1]["status"], log[-1]["description"]) == (403, BLOCKED)
    # the bot hears it once, as a my_chat_member update (kicked)
    assert (await sandbox.block(USER_ID))["update_id"] is None
    updates = await bot.get_updates(offset=-10, timeout=0)
    kinds = [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member]
    assert kinds == ["kicked"]
    # what was already in the chat stays; nothing new arrived
    view = await sandbox.chat(USER_ID)
    assert [m["text"] for m in view["messages"]] == ["/start", "before"]
    assert view["blocked"] is True
    await sandbox.block(USER_ID, blocked=False)
    assert (await bot.send_message(USER_ID, "after")).text == "after"
    assert sent.message_id < (await bot.send_message(USER_ID, "again")).message_id


async def test_writing_to_the_bot_again_unblocks_it(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    seen = await bot.get_updates(timeout=0)
    await sandbox.block(USER_ID)
    await sandbox.send(USER_ID, "/start")  # she presses Restart
    updates = await bot.get_updates(offset=seen[-1].update_id + 1, timeout=0)
    statuses = [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member]
    assert statuses == ["kicked", "member"]
    assert updates[-1].message is not None and updates[-1].message.text == "/start"
    assert (await bot.send_message(USER_ID, "welcome back")).text == "welcome back"


async def test_python_telegram_bot_raises_forbidden_for_a_blocked_chat(
    ptb: telegram.Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    await sandbox.block(USER_ID)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await ptb.send_message(USER_ID, "hello?")


async def test_a_message_she_deleted_is_gone_for_the_bot_too(
    bot: Bot, sandbox: SandboxClient
) -> None:
    mine = await sandbox.send(USER_ID, "/start")
    first = await bot.send_message(USER_ID, "first", reply_markup=menu())
    second = await bot.send_message(USER_ID, "second")
    seen = await bot.get_updates(timeout=0)
    deleted = await sandbox.delete_as_user(USER_ID, [first.message_id])
    assert deleted == [first.message_id]
    assert [m["text"] for m in (await sandbox.chat(USER_ID))["messages"]] == ["/start", "second"]
    # Telegram tells a bot nothing when she deletes in a private chat
    assert await bot.get_updates(offset=seen[-1].update_id + 1, timeout=0) == []
    with pytest.raises(TelegramBadRequest) as gone:
        await bot.delete_message(USER_ID, first.message_id)
    assert gone.value.message == "Bad Request: message to delete not found"
    with pytest.raises(TelegramBadRequest) as not_editable:
        await bot.edit_message_text("changed", chat_id=USER_ID, message_id=first.message_id)
    assert not_editable.value.message == "Bad Request: message to edit not found"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_reply_markup(chat_id=USER_ID, message_id=first.message_id)
    # deleteMessages skips it and deletes the rest
    ids = [first.message_id, second.message_id, mine["message"]["message_id"]]
    assert await bot.delete_messages(USER_ID, ids) is True
    assert (await sandbox.chat(USER_ID))["messages"] == []


async def test_she_may_delete_at_any_age_the_bot_may_not(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    old = await bot.send_message(USER_ID, "three days old")
    await sandbox.let_time_pass(3 * 24 * 3600, chat_id=USER_ID)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted for everyone"):
        await bot.delete_message(USER_ID, old.message_id)
    assert await sandbox.delete_as_user(USER_ID, everything=True) == [1, old.message_id]
    assert (await sandbox.chat(USER_ID))["messages"] == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, old.message_id)


async def test_python_telegram_bot_sees_her_deletions(
    ptb: telegram.Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    sent = await ptb.send_message(USER_ID, "x")
    await sandbox.delete_as_user(USER_ID, [sent.message_id])
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await ptb.delete_message(USER_ID, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await ptb.edit_message_text("y", chat_id=USER_ID, message_id=sent.message_id)


async def test_deleting_what_is_not_there_is_a_script_error(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    with pytest.raises(ScriptError) as missing:
        await sandbox.delete_as_user(USER_ID, [99])
    assert missing.value.status == 404
    with pytest.raises(ScriptError) as nobody:
        await sandbox.delete_as_user(USER_ID + 7, everything=True)
    assert nobody.value.status == 404
    assert len((await sandbox.chat(USER_ID))["messages"]) == 1


async def test_a_press_answered_after_it_expired(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    await bot.send_message(USER_ID, "menu", reply_markup=menu())
    pressed = await sandbox.press(USER_ID, callback_data="x")
    await sandbox.expire_callback(pressed["callback_query_id"])
    with pytest.raises(TelegramBadRequest) as late:
        await bot.answer_callback_query(pressed["callback_query_id"], text="bye")
    assert late.value.message == f"Bad Request: {TOO_LATE}"
    assert (await sandbox.chat(USER_ID))["callback_answers"] == []
    with pytest.raises(ScriptError) as unknown:
        await sandbox.expire_callback("12345")
    assert unknown.value.status == 404


async def test_python_telegram_bot_sees_the_expired_press(
    ptb: telegram.Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    go = telegram.InlineKeyboardButton("Go", callback_data="g")
    markup = telegram.InlineKeyboardMarkup([[go]])
    await ptb.send_message(USER_ID, "menu", reply_markup=markup)
    pressed = await sandbox.press(USER_ID, callback_data="g")
    await sandbox.expire_callback(pressed["callback_query_id"])
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await ptb.answer_callback_query(pressed["callback_query_id"])
