"""python-telegram-bot (form/JSON bodies, its own URL layout) against the same server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient

from .support import TOKEN, USER_ID, png


@pytest.fixture
async def ptb(server: RunningServer) -> AsyncIterator[telegram.Bot]:
    client = telegram.Bot(
        TOKEN, base_url=f"{server.base_url}/bot", base_file_url=f"{server.base_url}/file/bot"
    )
    async with client:
        yield client


async def test_get_me_and_updates(ptb: telegram.Bot, sandbox: SandboxClient) -> None:
    assert ptb.username == "safe_report_sandbox_bot"
    await sandbox.send(USER_ID, "hola", language_code="es")
    updates = await ptb.get_updates(timeout=0)
    assert updates[0].message is not None and updates[0].message.text == "hola"
    assert updates[0].effective_user is not None
    assert updates[0].effective_user.language_code == "es"


async def test_send_press_answer_delete(ptb: telegram.Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await ptb.send_message(USER_ID, "<i>Ready?</i>", parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Ready?"
    pressed = await sandbox.press(USER_ID, callback_data="go")
    assert await ptb.answer_callback_query(pressed["callback_query_id"], text="ok")
    assert await ptb.delete_message(USER_ID, sent.message_id)
    view = await sandbox.chat(USER_ID)
    assert [m["from"] for m in view["messages"]] == ["user"]
    assert view["callback_answers"][0]["text"] == "ok"


async def test_errors_map_to_ptb_exceptions(ptb: telegram.Bot, sandbox: SandboxClient) -> None:
    with pytest.raises(BadRequest, match=r"[Cc]hat not found"):
        await ptb.send_message(USER_ID, "hi")
    await sandbox.send(USER_ID, "/start")
    await sandbox.fault(method="sendMessage", status=429, retry_after=2)
    with pytest.raises(RetryAfter):
        await ptb.send_message(USER_ID, "hi")
    await sandbox.request("POST", f"/sandbox/chats/{USER_ID}/block", {"blocked": True})
    with pytest.raises(Forbidden):
        await ptb.send_message(USER_ID, "hi")
    await ptb.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict):
        await ptb.get_updates(timeout=0)


async def test_files_both_ways(ptb: telegram.Bot, sandbox: SandboxClient) -> None:
    image = png()
    await sandbox.send(USER_ID, photo=image)
    message = (await ptb.get_updates(timeout=0))[0].message
    assert message is not None
    file = await ptb.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == image
    sent = await ptb.send_document(USER_ID, b"notes", filename="notes.txt")
    assert sent.document is not None and sent.document.file_name == "notes.txt"
    back = await ptb.get_file(sent.document.file_id)
    assert bytes(await back.download_as_bytearray()) == b"notes"
