"""The real aiogram client against the sandbox: updates, messages, buttons, deletion."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient

from .support import TOKEN, USER_ID


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in pairs]
    )


async def test_get_me_reports_the_sandbox_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456789
    assert me.is_bot
    assert me.username == "safe_report_sandbox_bot"


async def test_user_message_arrives_as_update_with_command_entity(
    bot: Bot, sandbox: SandboxClient
) -> None:
    sent = await sandbox.send(USER_ID, "/start", first_name="Ana", language_code="sq")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [sent["update_id"]]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start"
    assert message.chat.id == USER_ID and message.chat.type == "private"
    assert message.from_user is not None
    assert (message.from_user.first_name, message.from_user.language_code) == ("Ana", "sq")
    assert message.entities is not None
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 6)]


async def test_offset_confirms_updates_like_telegram(bot: Bot, sandbox: SandboxClient) -> None:
    first = await sandbox.send(USER_ID, "one")
    second = await sandbox.send(USER_ID, "two")
    assert len(await bot.get_updates(timeout=0)) == 2
    assert len(await bot.get_updates(timeout=0)) == 2  # nothing confirmed yet
    rest = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in rest] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == []


async def test_long_poll_wakes_when_a_user_writes(bot: Bot, sandbox: SandboxClient) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    assert not poll.done()
    await sandbox.send(USER_ID, "hello")
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0].message is not None and updates[0].message.text == "hello"


async def test_message_ids_increase_per_chat_across_both_sides(
    bot: Bot, sandbox: SandboxClient
) -> None:
    mine = await sandbox.send(USER_ID, "hi")
    reply = await bot.send_message(USER_ID, "hello")
    other = await sandbox.send(USER_ID + 1, "hi")
    assert reply.message_id == mine["message"]["message_id"] + 1
    assert other["message"]["message_id"] == 1


async def test_html_text_and_keyboard_show_in_chat(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    sent = await bot.send_message(
        USER_ID,
        "<b>Welcome</b> &amp; hello",
        parse_mode="HTML",
        reply_markup=keyboard(("English", "lang:en"), ("Shqip", "lang:sq")),
    )
    assert sent.text == "Welcome & hello"
    assert sent.entities is not None and sent.entities[0].type == "bold"
    view = await sandbox.chat(USER_ID)
    assert [m["from"] for m in view["messages"]] == ["user", "bot"]
    shown = view["messages"][-1]
    assert shown["text"] == "Welcome & hello"
    assert shown["buttons"] == [
        [{"text": "English", "callback_data": "lang:en"}],
        [{"text": "Shqip", "callback_data": "lang:sq"}],
    ]


async def test_press_answer_and_edit(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    sent = await bot.send_message(USER_ID, "Pick", reply_markup=keyboard(("Yes", "y")))
    pressed = await sandbox.press(USER_ID, button="Yes")
    updates = await bot.get_updates(offset=-1, timeout=0)
    query = updates[-1].callback_query
    assert query is not None
    assert query.id == pressed["callback_query_id"]
    assert query.data == "y"
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Noted")
    edited = await bot.edit_message_text("Picked", chat_id=USER_ID, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.edit_date is not None
    view = await sandbox.chat(USER_ID)
    assert view["callback_answers"][0]["text"] == "Noted"
    assert view["messages"][-1]["text"] == "Picked"
    assert view["messages"][-1]["buttons"] == []  # editMessageText without markup drops it


async def test_press_targets_the_newest_message_with_that_button(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    old = await bot.send_message(USER_ID, "old", reply_markup=keyboard(("Exit", "exit")))
    new = await bot.send_message(USER_ID, "new", reply_markup=keyboard(("Exit", "exit")))
    assert (await sandbox.press(USER_ID, callback_data="exit"))["message_id"] == new.message_id
    pressed = await sandbox.press(USER_ID, callback_data="exit", message_id=old.message_id)
    assert pressed["message_id"] == old.message_id


async def test_reply_parameters_embed_the_target(bot: Bot, sandbox: SandboxClient) -> None:
    mine = await sandbox.send(USER_ID, "my words")
    target = ReplyParameters(message_id=mine["message"]["message_id"])
    reply = await bot.send_message(USER_ID, "got it", reply_parameters=target)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "my words"


async def test_delete_own_and_incoming_messages(bot: Bot, sandbox: SandboxClient) -> None:
    mine = await sandbox.send(USER_ID, "secret")
    first = await bot.send_message(USER_ID, "one")
    second = await bot.send_message(USER_ID, "two")
    assert await bot.delete_message(USER_ID, first.message_id)
    assert await bot.delete_messages(
        USER_ID, [mine["message"]["message_id"], second.message_id, 999]
    )
    assert (await sandbox.chat(USER_ID))["messages"] == []


async def test_dispatcher_polling_round_trip(bot: Bot, sandbox: SandboxClient) -> None:
    """aiogram's own polling loop receives messages and presses and answers them."""
    dp = Dispatcher()

    @dp.message(F.text == "/start")
    async def start(message: Message) -> None:
        await message.answer("Welcome", reply_markup=keyboard(("Continue", "next")))

    @dp.callback_query(F.data == "next")
    async def next_step(query: CallbackQuery) -> None:
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.edit_text("Step two")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        await sandbox.send(USER_ID, "/start")
        await sandbox.wait_for(USER_ID, lambda v: any(m["buttons"] for m in v["messages"]))
        await sandbox.press(USER_ID, button="Continue")
        view = await sandbox.wait_for(USER_ID, lambda v: v["messages"][-1]["text"] == "Step two")
        assert len(view["callback_answers"]) == 1
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


@pytest.mark.parametrize("health_before", [503])
async def test_health_follows_polling(
    bot: Bot, sandbox: SandboxClient, server: object, health_before: int
) -> None:
    from bot.sandbox.botapi.client import ScriptError

    with pytest.raises(ScriptError) as not_yet:
        await sandbox.request("GET", "/sandbox/health")
    assert not_yet.value.status == health_before
    poll = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.1)
    assert (await sandbox.request("GET", "/sandbox/health"))["polling"] is True
    poll.cancel()


async def test_chat_watchers_hear_every_new_edited_and_deleted_message(
    bot: Bot, server: RunningServer, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "hello")
    heard: list[int] = []
    server.state.bot(TOKEN).chat_watchers.append(heard.append)
    sent = await bot.send_message(USER_ID, "one", reply_markup=keyboard(("A", "a")))
    await bot.edit_message_text(text="two", chat_id=USER_ID, message_id=sent.message_id)
    await bot.delete_message(USER_ID, sent.message_id)
    assert heard == [USER_ID, USER_ID, USER_ID]
