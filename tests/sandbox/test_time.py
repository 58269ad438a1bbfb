"""The sandbox keeps time like Telegram: a clock tests can move, and the 48-hour deletion rule.

Proved the way the bot meets it: the real aiogram and python-telegram-bot clients against
the sandbox server, time moved through the scripting API.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient, ScriptError
from bot.sandbox.botapi.clock import Clock
from bot.sandbox.botapi.deletion import DELETE_WINDOW_S

from .support import TOKEN, USER_ID

HOUR = 3600
TOO_OLD = "message can't be deleted for everyone"


def texts(view: dict[str, object]) -> list[str]:
    return [m["text"] or "" for m in view["messages"]]  # type: ignore[attr-defined,index]


async def test_clock_runs_in_real_time_and_dates_messages(
    bot: Bot, server: RunningServer, sandbox: SandboxClient
) -> None:
    import time

    before = int(time.time())
    sent = await sandbox.send(USER_ID, "/start")
    reply = await bot.send_message(USER_ID, "hello")
    after = int(time.time())
    assert before <= sent["message"]["date"] <= after
    assert before <= int(reply.date.timestamp()) <= after
    clock = await sandbox.clock()
    assert clock["offset_s"] == 0 and clock["frozen"] is False
    assert before <= clock["now"] <= time.time()


async def test_moving_the_world_clock_dates_new_messages_later(
    bot: Bot, server: RunningServer, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    first = await bot.send_message(USER_ID, "now")
    moved = await sandbox.let_time_pass(3 * 24 * HOUR)
    assert moved["offset_s"] == 3 * 24 * HOUR
    later = await bot.send_message(USER_ID, "three days later")
    gap = later.date.timestamp() - first.date.timestamp()
    assert 3 * 24 * HOUR <= gap <= 3 * 24 * HOUR + 5
    # the bot's own clock can be tied to the world's, in process
    assert abs(server.clock.now() - later.date.timestamp()) < 5
    assert abs((server.clock.now_utc() - later.date).total_seconds()) < 5
    ages = {m["text"]: m["age_s"] for m in (await sandbox.chat(USER_ID))["messages"]}
    assert ages["now"] >= 3 * 24 * HOUR and ages["three days later"] < 5


async def test_time_never_goes_back(sandbox: SandboxClient, bot: Bot) -> None:
    with pytest.raises(ScriptError) as refused:
        await sandbox.let_time_pass(-1)
    assert refused.value.status == 400
    with pytest.raises(ValueError):
        Clock().advance(-1)


async def test_frozen_clock_stands_still_and_resumes_from_there() -> None:
    real = [1000.0]
    clock = Clock(source=lambda: real[0])
    clock.freeze()
    real[0] = 1500.0
    assert clock.now() == 1000.0
    clock.advance(60)
    assert clock.now() == 1060.0 and clock.date() == 1060
    clock.resume()
    assert clock.now() == 1060.0  # no jump when it runs again
    real[0] = 1510.0
    assert clock.now() == 1070.0


async def test_a_young_message_is_deleted_an_old_one_is_refused(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    young = await bot.send_message(USER_ID, "young")
    old = await bot.send_message(USER_ID, "old")
    await sandbox.let_time_pass(47 * HOUR)
    assert await bot.delete_message(USER_ID, young.message_id)
    await sandbox.let_time_pass(1 * HOUR)
    with pytest.raises(TelegramBadRequest, match=TOO_OLD):
        await bot.delete_message(USER_ID, old.message_id)
    assert texts(await sandbox.chat(USER_ID)) == ["/start", "old"]


async def test_the_boundary_is_exactly_48_hours_as_the_spec_says(
    bot: Bot, sandbox: SandboxClient
) -> None:
    """ "less than 48 hours ago": at 48 h minus one second it goes, at 48 h it stays."""
    stopped = await sandbox.let_time_pass(0, freeze=True)  # no second ticks by unseen
    await sandbox.let_time_pass(math.ceil(stopped["now"]) - stopped["now"])  # a whole second
    await sandbox.send(USER_ID, "/start")
    first = await bot.send_message(USER_ID, "first")
    second = await bot.send_message(USER_ID, "second")
    await sandbox.let_time_pass(DELETE_WINDOW_S - 1)
    view = await sandbox.chat(USER_ID)
    assert [m["deletable_by_bot"] for m in view["messages"]] == [True, True, True]
    assert await bot.delete_message(USER_ID, first.message_id)
    await sandbox.let_time_pass(1)
    view = await sandbox.chat(USER_ID)
    assert [(m["age_s"], m["deletable_by_bot"]) for m in view["messages"]] == [
        (DELETE_WINDOW_S, False),
        (DELETE_WINDOW_S, False),
    ]
    with pytest.raises(TelegramBadRequest, match=TOO_OLD):
        await bot.delete_message(USER_ID, second.message_id)


async def test_her_own_messages_fall_under_the_same_rule(bot: Bot, sandbox: SandboxClient) -> None:
    mine = await sandbox.send(USER_ID, "what happened to me")
    await sandbox.let_time_pass(49 * HOUR)
    with pytest.raises(TelegramBadRequest, match=TOO_OLD):
        await bot.delete_message(USER_ID, mine["message"]["message_id"])


async def test_delete_messages_is_all_or_nothing_when_one_is_too_old(
    bot: Bot, sandbox: SandboxClient
) -> None:
    """One message too old: 400 with Telegram's words, and the young ones stay too."""
    mine = await sandbox.send(USER_ID, "old words")
    old = await bot.send_message(USER_ID, "old answer")
    await sandbox.let_time_pass(50 * HOUR)
    young = await bot.send_message(USER_ID, "young answer")
    ids = [mine["message"]["message_id"], old.message_id, young.message_id, 999]
    with pytest.raises(TelegramBadRequest, match=TOO_OLD):
        await bot.delete_messages(USER_ID, ids)
    assert texts(await sandbox.chat(USER_ID)) == ["old words", "old answer", "young answer"]
    # what can be saved is saved only one by one (or in batches of young messages)
    assert await bot.delete_messages(USER_ID, [young.message_id, 999])
    assert texts(await sandbox.chat(USER_ID)) == ["old words", "old answer"]


async def test_one_chat_can_age_while_the_world_stays(bot: Bot, sandbox: SandboxClient) -> None:
    other = USER_ID + 1
    await sandbox.send(USER_ID, "she reported on Monday")
    await sandbox.send(other, "another survivor, today")
    hers = await bot.send_message(USER_ID, "thank you")
    theirs = await bot.send_message(other, "thank you")
    await sandbox.let_time_pass(3 * 24 * HOUR, chat_id=USER_ID)
    assert (await sandbox.clock())["offset_s"] == 0
    with pytest.raises(TelegramBadRequest, match=TOO_OLD):
        await bot.delete_message(USER_ID, hers.message_id)
    assert await bot.delete_message(other, theirs.message_id)
    ages = [m["age_s"] for m in (await sandbox.chat(USER_ID))["messages"]]
    assert all(age >= 3 * 24 * HOUR for age in ages)
    # a new message in her chat is dated now, and young
    fresh = await bot.send_message(USER_ID, "welcome back")
    assert await bot.delete_message(USER_ID, fresh.message_id)


async def test_ageing_a_chat_the_bot_never_saw_is_404(sandbox: SandboxClient, bot: Bot) -> None:
    with pytest.raises(ScriptError) as missing:
        await sandbox.let_time_pass(HOUR, chat_id=31337)
    assert missing.value.status == 404


async def test_press_answered_after_time_passed_is_too_old(
    bot: Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Exit", callback_data="x")]]
    )
    await bot.send_message(USER_ID, "menu", reply_markup=markup)
    late = await sandbox.press(USER_ID, callback_data="x")
    await sandbox.let_time_pass(20)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(late["callback_query_id"])
    in_time = await sandbox.press(USER_ID, callback_data="x")
    assert await bot.answer_callback_query(in_time["callback_query_id"])


@pytest.fixture
async def ptb(server: RunningServer) -> AsyncIterator[telegram.Bot]:
    client = telegram.Bot(
        TOKEN, base_url=f"{server.base_url}/bot", base_file_url=f"{server.base_url}/file/bot"
    )
    async with client:
        yield client


async def test_python_telegram_bot_sees_the_same_refusal(
    ptb: telegram.Bot, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    sent = await ptb.send_message(USER_ID, "answer")
    await sandbox.let_time_pass(2 * 24 * HOUR)
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await ptb.delete_messages(USER_ID, [sent.message_id])
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await ptb.delete_message(USER_ID, sent.message_id)


async def test_groups_word_the_refusal_as_telegram_does(bot: Bot, sandbox: SandboxClient) -> None:
    """Basic groups: "... for everyone" (TDLib can_revoke); supergroups: "can't be deleted"."""
    for chat_type, chat_id, refusal in (
        ("group", -500, TOO_OLD),
        ("supergroup", -1001500, "message can't be deleted"),
    ):
        hers = await sandbox.send(USER_ID, "hi", chat_type=chat_type, chat_id=chat_id)
        with pytest.raises(TelegramBadRequest, match=f"{refusal}$"):
            await bot.delete_message(chat_id, hers["message"]["message_id"])  # not an admin
        own = await bot.send_message(chat_id, "answer")
        young = await bot.send_message(chat_id, "young")
        assert await bot.delete_message(chat_id, young.message_id)
        await sandbox.let_time_pass(48 * HOUR, chat_id=chat_id)
        with pytest.raises(TelegramBadRequest, match=f"{refusal}$"):
            await bot.delete_message(chat_id, own.message_id)


def test_a_sandbox_started_again_never_reuses_an_update_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bot's database records handled update ids and skips them when they come again:
    a second run of the sandbox (a fresh world, the same database) a second later must
    continue above the first run's ids, as Telegram's only grow, or her first messages
    would go unanswered."""
    import time

    from bot.sandbox.botapi.state import World

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = World().bot(TOKEN)
    earlier = [first.enqueue("message", {"text": str(i)}) for i in range(5000)]
    monkeypatch.setattr(time, "time", lambda: now + 1)
    later = World().bot(TOKEN).enqueue("message", {"text": "hello"})
    assert later is not None and None not in earlier
    assert later > max(i for i in earlier if i is not None)
