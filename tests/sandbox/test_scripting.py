"""The scripting API and the raw HTTP surface: bodies of every kind, users' media, groups."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from aiogram import Bot

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient, ScriptError

from .support import TOKEN, USER_ID, png


async def raw_call(server: RunningServer, method: str, **kwargs: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http:
        url = f"{server.base_url}/bot{TOKEN}/{method}"
        async with http.post(url, **kwargs) as response:
            return response.status, await response.json()


async def test_every_body_format_is_understood(
    bot: Bot, server: RunningServer, sandbox: SandboxClient
) -> None:
    await sandbox.send(USER_ID, "/start")
    query = await raw_call(server, "sendMessage", params={"chat_id": USER_ID, "text": "query"})
    form = await raw_call(server, "sendMessage", data={"chat_id": str(USER_ID), "text": "form"})
    as_json = await raw_call(server, "sendMessage", json={"chat_id": USER_ID, "text": "json"})
    multipart = aiohttp.FormData()
    multipart.add_field("chat_id", str(USER_ID))
    multipart.add_field("caption", "multi")
    multipart.add_field("document", b"bytes", filename="a.txt", content_type="text/plain")
    uploaded = await raw_call(server, "sendDocument", data=multipart)
    for status, payload in (query, form, as_json, uploaded):
        assert status == 200 and payload["ok"] is True, payload
    texts = [m.get("text") or m.get("caption") for m in (await sandbox.chat(USER_ID))["messages"]]
    assert texts == ["/start", "query", "form", "json", "multi"]
    assert uploaded[1]["result"]["document"]["mime_type"] == "text/plain"


async def test_errors_have_telegram_shape(server: RunningServer) -> None:
    status, payload = await raw_call(server, "sendMessage", json={"chat_id": 1, "text": "x"})
    assert status == 400
    assert payload == {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
    status, payload = await raw_call(server, "noSuchMethod")
    assert (status, payload["description"]) == (404, "Not Found")
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.base_url}/botnot-a-token/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
        async with http.get(f"{server.base_url}/file/bot{TOKEN}/documents/none.txt") as response:
            assert response.status == 404


async def test_forwarded_sticker_location_voice_and_edit(bot: Bot, sandbox: SandboxClient) -> None:
    forwarded = await sandbox.send(USER_ID, "you will regret this", forward_from_name="Abuser X")
    await sandbox.send(USER_ID, kind="sticker")
    await sandbox.send(USER_ID, kind="location", latitude=42.66, longitude=21.17)
    await sandbox.send(USER_ID, kind="voice")
    edited = await sandbox.send(
        USER_ID, "I meant this", edit_message_id=forwarded["message"]["message_id"]
    )
    updates = await bot.get_updates(timeout=0)
    first = updates[0].message
    assert first is not None and first.forward_origin is not None
    assert first.forward_origin.type == "hidden_user"
    assert first.forward_origin.sender_user_name == "Abuser X"
    assert updates[1].message is not None and updates[1].message.sticker is not None
    location = updates[2].message.location if updates[2].message else None
    assert location is not None and (location.latitude, location.longitude) == (42.66, 21.17)
    assert updates[3].message is not None and updates[3].message.voice is not None
    assert updates[4].update_id == edited["update_id"]
    assert updates[4].edited_message is not None
    assert updates[4].edited_message.text == "I meant this"
    assert updates[4].edited_message.edit_date is not None


async def test_group_chat_and_leaving(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await sandbox.send(USER_ID, "hi bot", chat_type="group", chat_id=-500)
    updates = await bot.get_updates(timeout=0)
    kinds = [u.event_type for u in updates]
    assert kinds == ["my_chat_member", "message", "message"]
    last = updates[-1].message
    assert last is not None and last.chat.type == "group" and last.chat.id == -500
    assert last.message_id == sent["message"]["message_id"]
    assert await bot.leave_chat(-500)
    after = await sandbox.send(USER_ID, "still there?", chat_type="group", chat_id=-500)
    assert after["update_id"] is None  # the bot is gone and hears nothing
    view = await sandbox.chat(USER_ID, chat_id=-500)
    assert view["bot_member"] is False


async def test_press_without_such_button_is_404(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start")
    with pytest.raises(ScriptError) as missing:
        await sandbox.press(USER_ID, button="Nope")
    assert missing.value.status == 404


async def test_log_has_params_but_no_file_bytes(bot: Bot, sandbox: SandboxClient) -> None:
    from aiogram.types import BufferedInputFile

    await sandbox.send(USER_ID, "/start")
    secret_bytes = b"SECRET-FILE-BYTES"
    await bot.send_document(USER_ID, BufferedInputFile(secret_bytes, filename="s.txt"))
    await bot.send_message(USER_ID, "hello", disable_notification=True)
    calls = await sandbox.log()
    assert [c["method"] for c in calls] == ["getMe", "sendDocument", "sendMessage"]
    assert calls[2]["params"]["text"] == "hello"
    assert calls[2]["params"]["disable_notification"] == "true"
    assert "SECRET-FILE-BYTES" not in json.dumps(calls)


async def test_reset_empties_the_world(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start", photo=png())
    await sandbox.fault(method="getMe", status=500, count=-1)
    await sandbox.reset()
    assert (await sandbox.chat(USER_ID))["messages"] == []
    assert await bot.get_updates(timeout=0) == []
    assert (await bot.get_me()).username == "safe_report_sandbox_bot"


async def test_commands_and_description(bot: Bot) -> None:
    from aiogram.types import BotCommand

    assert await bot.set_my_commands([BotCommand(command="exit", description="Leave now")])
    assert [c.command for c in await bot.get_my_commands()] == ["exit"]
    assert await bot.get_my_commands(language_code="sq") == []
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    assert await bot.set_my_description("Anonymous reports")
    assert (await bot.get_my_description()).description == "Anonymous reports"


async def test_profile_photo_is_a_new_upload_and_commands_can_be_chat_scoped(
    bot: Bot, sandbox: SandboxClient, server: RunningServer
) -> None:
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.types import (
        BotCommand,
        BotCommandScopeChat,
        BufferedInputFile,
        InputProfilePhotoStatic,
    )

    photo = InputProfilePhotoStatic(photo=BufferedInputFile(png(), filename="face.png"))
    assert await bot.set_my_profile_photo(photo=photo)
    assert server.state.current_bot().profile_photo == png()
    assert (await sandbox.request("GET", "/sandbox/bot"))["profile_photo_bytes"] == len(png())
    not_an_image = InputProfilePhotoStatic(photo=BufferedInputFile(b"text", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.set_my_profile_photo(photo=not_an_image)
    with pytest.raises(TelegramBadRequest, match="can't be reused"):
        await bot.set_my_profile_photo(photo=InputProfilePhotoStatic(photo="some-file-id"))
    assert await bot.remove_my_profile_photo()
    assert server.state.current_bot().profile_photo is None
    # A chat's own menu is kept apart from the language menus, and removed on its own.
    scope = BotCommandScopeChat(chat_id=USER_ID)
    assert await bot.set_my_commands(
        [BotCommand(command="start", description="Počni")], scope=scope
    )
    assert [c.description for c in await bot.get_my_commands(scope=scope)] == ["Počni"]
    assert await bot.get_my_commands() == []
    assert await bot.delete_my_commands(scope=scope)
    assert await bot.get_my_commands(scope=scope) == []


async def test_get_chat_and_chat_action(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send(USER_ID, "/start", first_name="Ana")
    chat = await bot.get_chat(USER_ID)
    assert (chat.id, chat.type, chat.first_name) == (USER_ID, "private", "Ana")
    assert await bot.send_chat_action(USER_ID, "typing")
    assert (await sandbox.chat(USER_ID))["last_action"]["action"] == "typing"


async def test_chat_page_is_served(server: RunningServer) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.base_url}/") as response:
            assert response.status == 200
            page = await response.text()
        assert '<script src="/static/chat.js">' in page
        async with http.get(f"{server.base_url}/static/chat.js") as response:
            assert response.status == 200
            assert "/sandbox/chats/" in await response.text()
