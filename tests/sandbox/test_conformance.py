"""The sandbox Bot API server held to the published Bot API, method by method.

For every method the sandbox serves (which includes every method the bot calls, found in
the bot's code): each parameter the spec marks required is refused when missing, a
valid call succeeds, and what it returns is the spec's return type field for field
(no field Telegram does not have, none missing, JSON types right, fixed values such as
a chat's type within the spec's list). The updates a survivor's actions produce are held
to `Update` the same way, and the limits Telegram enforces (4096 UTF-16 units of text,
1024 of caption, 1-64 bytes of callback data, 1-100 ids for deleteMessages, 200
characters of callback answer) are probed on both sides of the line.

A sandbox that returns a field Telegram lacks, or accepts what Telegram refuses, fails
here. The spec is read from `shared/reference/` (or $SAFE_REPORT_BOT_API_SPEC); where this
checkout cannot see it, the module is skipped and says so.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.sandbox.botapi import RunningServer
from bot.sandbox.botapi.client import SandboxClient
from bot.sandbox.botapi.methods import METHODS
from tests.helpers.databases import REQUIRE_ENV

from .spec import Spec, load_spec, spec_path
from .support import TOKEN, USER_ID, png

REPO = Path(__file__).resolve().parents[2]
GROUP_ID = -500
# What the libraries call on their own when they poll (aiogram's start_polling and
# python-telegram-bot's initialize call getMe; both poll with getUpdates).
CALLED_BY_THE_LIBRARIES = frozenset({"getMe", "getUpdates"})
# Library helpers that are not Bot API method names, and the methods they call.
LIBRARY_HELPERS = {"download": "getFile"}
USER_MEDIA = ("sticker", "voice", "audio", "video", "video_note", "animation")


def _spec() -> Spec:
    path = spec_path()
    if path is None:
        missing = "the Bot API spec (shared/reference/telegram-bot-api-10.1.min.json) is absent"
        if os.environ.get(REQUIRE_ENV):  # on CI nothing may skip
            pytest.fail(missing)
        pytest.skip(missing)
    return load_spec(path)


@pytest.fixture(scope="module")
def spec() -> Spec:
    return _spec()


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.title() for word in rest)


def methods_the_bot_calls(spec: Spec) -> set[str]:
    """Bot API methods named in the bot's code (bot/, the sandbox left out), in spec spelling."""
    found: set[str] = set(CALLED_BY_THE_LIBRARIES)
    for path in (REPO / "bot").rglob("*.py"):
        if "sandbox" in path.relative_to(REPO / "bot").parts:
            continue
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r"bot\.([a-z][a-z_]*)\s*\(", source):
            method = spec.method_name(camel(name)) or LIBRARY_HELPERS.get(name)
            if method is not None:
                found.add(method)
        for name in re.findall(r"[\"']method[\"']\s*:\s*[\"']([A-Za-z]+)[\"']", source):
            method = spec.method_name(name)
            if method is not None:
                found.add(method)
    return found


# -- a world with one of everything a call may refer to -----------------------------------


@dataclass
class Scene:
    """Ids a valid call can name: her chat and message, a bot message, a press, files."""

    her_message: int = 0
    bot_message: int = 0
    bot_document: int = 0
    query_id: str = ""
    files: dict[str, str] = field(default_factory=dict)


UPLOADS = "__uploads__"  # in a case: {part name: (file name, bytes)}, sent as multipart


async def raw_call(server: RunningServer, method: str, params: dict[str, Any]) -> tuple[int, Any]:
    params = dict(params)
    uploads: dict[str, tuple[str, bytes]] = params.pop(UPLOADS, {})
    async with aiohttp.ClientSession() as http:
        url = f"{server.base_url}/bot{TOKEN}/{method}"
        if uploads:  # as the libraries send files: form fields, objects JSON-encoded
            form = aiohttp.FormData()
            for name, value in params.items():
                form.add_field(name, value if isinstance(value, str) else json.dumps(value))
            for name, (file_name, data) in uploads.items():
                form.add_field(name, data, filename=file_name)
            async with http.post(url, data=form) as response:
                return response.status, await response.json()
        async with http.post(url, json=params) as response:
            return response.status, await response.json()


async def ok(server: RunningServer, method: str, params: dict[str, Any]) -> Any:
    status, payload = await raw_call(server, method, params)
    assert status == 200 and payload["ok"] is True, (method, payload)
    return payload["result"]


def keyboard(data: str = "x") -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Exit", "callback_data": data}]]}


async def build_scene(server: RunningServer, sandbox: SandboxClient) -> Scene:
    scene = Scene()
    await ok(server, "getMe", {})
    sent = await sandbox.send(USER_ID, "/start https://example.org", first_name="Ana")
    scene.her_message = sent["message"]["message_id"]
    photo = await sandbox.send(USER_ID, photo=png(), caption="screenshot")
    scene.files["photo"] = photo["message"]["photo"][-1]["file_id"]
    document = await sandbox.send(USER_ID, document=("log.txt", "text/plain", b"log"))
    scene.files["document"] = document["message"]["document"]["file_id"]
    for kind in USER_MEDIA:
        scene.files[kind] = (await sandbox.send(USER_ID, kind=kind))["message"][kind]["file_id"]
    await sandbox.send(USER_ID, "hi group", chat_type="group", chat_id=GROUP_ID)
    message = await ok(
        server, "sendMessage", {"chat_id": USER_ID, "text": "menu", "reply_markup": keyboard()}
    )
    scene.bot_message = message["message_id"]
    doc = {"chat_id": USER_ID, "document": scene.files["document"], "caption": "your file"}
    scene.bot_document = (await ok(server, "sendDocument", doc))["message_id"]
    scene.query_id = (await sandbox.press(USER_ID, callback_data="x"))["callback_query_id"]
    return scene


# One valid call per method the sandbox serves.
Case = Callable[[Scene], dict[str, Any]]
CASES: dict[str, Case] = {
    "getMe": lambda s: {},
    "logOut": lambda s: {},
    "close": lambda s: {},
    "getUpdates": lambda s: {"timeout": 0},
    "setWebhook": lambda s: {"url": "http://127.0.0.1:9/hook", "secret_token": "s3cret"},
    "deleteWebhook": lambda s: {"drop_pending_updates": False},
    "getWebhookInfo": lambda s: {},
    "sendMessage": lambda s: {
        "chat_id": USER_ID,
        "text": "<b>Are you safe?</b>",
        "parse_mode": "HTML",
        "reply_markup": keyboard("safe:yes"),
        "reply_parameters": {"message_id": s.her_message},
        "link_preview_options": {"is_disabled": True},
    },
    "editMessageText": lambda s: {
        "chat_id": USER_ID,
        "message_id": s.bot_message,
        "text": "changed",
        "reply_markup": keyboard("y"),
    },
    "editMessageCaption": lambda s: {
        "chat_id": USER_ID,
        "message_id": s.bot_document,
        "caption": "<i>new caption</i>",
        "parse_mode": "HTML",
    },
    "editMessageReplyMarkup": lambda s: {
        "chat_id": USER_ID,
        "message_id": s.bot_message,
        "reply_markup": keyboard("z"),
    },
    "deleteMessage": lambda s: {"chat_id": USER_ID, "message_id": s.bot_message},
    "deleteMessages": lambda s: {
        "chat_id": USER_ID,
        "message_ids": [s.bot_message, s.her_message, 999],
    },
    "answerCallbackQuery": lambda s: {"callback_query_id": s.query_id, "text": "ok"},
    "sendChatAction": lambda s: {"chat_id": USER_ID, "action": "typing"},
    "getFile": lambda s: {"file_id": s.files["photo"]},
    "getChat": lambda s: {"chat_id": USER_ID},
    "leaveChat": lambda s: {"chat_id": GROUP_ID},
    "setMyCommands": lambda s: {"commands": [{"command": "exit", "description": "Leave now"}]},
    "getMyCommands": lambda s: {},
    "deleteMyCommands": lambda s: {},
    "setMyDescription": lambda s: {"description": "Anonymous reports"},
    "getMyDescription": lambda s: {},
    "setMyShortDescription": lambda s: {"short_description": "Report safely"},
    "getMyShortDescription": lambda s: {},
    "setMyName": lambda s: {"name": "Safe Report"},
    "getMyName": lambda s: {},
    "setMyProfilePhoto": lambda s: {
        "photo": {"type": "static", "photo": "attach://avatar"},
        UPLOADS: {"avatar": ("avatar.png", png())},
    },
    "removeMyProfilePhoto": lambda s: {},
    "sendPhoto": lambda s: {"chat_id": USER_ID, "photo": s.files["photo"], "caption": "c"},
    "sendDocument": lambda s: {"chat_id": USER_ID, "document": s.files["document"]},
    **{
        camel(f"send_{kind}"): (
            lambda s, kind=kind: {"chat_id": USER_ID, kind: s.files[kind]}  # type: ignore[misc]
        )
        for kind in USER_MEDIA
    },
}


def test_every_method_the_sandbox_serves_is_in_the_spec_and_has_a_case(spec: Spec) -> None:
    assert sorted(m for m in METHODS if spec.method_name(m) != m) == []
    assert sorted(set(METHODS) ^ set(CASES)) == []


def test_every_method_the_bot_calls_is_served_and_checked(spec: Spec) -> None:
    called = methods_the_bot_calls(spec)
    # the scan still finds what the bot is known to call (else the scan itself broke)
    assert {"sendMessage", "editMessageText", "answerCallbackQuery", "deleteMessages"} <= called
    unchecked = sorted(called - set(CASES))
    assert unchecked == [], f"the bot calls {unchecked}: serve them and add a case here"


def check_error(spec: Spec, status: int, payload: Any, what: str) -> None:
    """A refusal shaped exactly like api.telegram.org's."""
    assert isinstance(payload, dict) and payload.get("ok") is False, (what, payload)
    assert set(payload) <= {"ok", "error_code", "description", "parameters"}, (what, payload)
    assert payload["error_code"] == status and 400 <= status < 600, (what, payload)
    prefix = {400: "Bad Request: ", 401: "Unauthorized", 403: "Forbidden: ", 404: "Not Found"}
    assert payload["description"].startswith(prefix.get(status, "")), (what, payload)
    if "parameters" in payload:
        assert spec.check(payload["parameters"], "ResponseParameters") == [], (what, payload)


@pytest.mark.parametrize("method", sorted(CASES))
async def test_method_refuses_missing_required_parameters_and_returns_its_spec_type(
    method: str, spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    params = CASES[method](scene)
    required = spec.required_parameters(method)
    assert set(required) <= set(params), f"the {method} case lacks required parameters"
    for name in required:
        status, payload = await raw_call(
            server, method, {k: v for k, v in params.items() if k != name}
        )
        assert status == 400, f"{method} without {name} was accepted: {payload}"
        check_error(spec, status, payload, f"{method} without {name}")
    unknown = sorted(set(params) - {p.name for p in spec.parameters(method)} - {UPLOADS})
    assert unknown == [], f"the {method} case passes parameters the spec lacks"
    status, payload = await raw_call(server, method, params)
    assert status == 200 and payload["ok"] is True, payload
    assert set(payload) == {"ok", "result"}
    assert spec.check(payload["result"], spec.returns(method), method) == []


async def test_every_update_a_survivor_can_cause_is_a_spec_update(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    first = await sandbox.send(USER_ID, "he wrote this", forward_from_name="Someone")
    await sandbox.send(USER_ID, "and this", forward_from_user_id=777, forward_from_name="Him")
    await sandbox.send(USER_ID, "replying", reply_to_message_id=scene.bot_message)
    await sandbox.send(USER_ID, "edited", edit_message_id=first["message"]["message_id"])
    await sandbox.send(USER_ID, kind="location", latitude=42.44, longitude=19.26)
    await sandbox.send(USER_ID, kind="contact", phone_number="+38200000000")
    await sandbox.press(USER_ID, callback_data="x")
    await sandbox.block(USER_ID)
    await sandbox.block(USER_ID, blocked=False)
    updates = await ok(server, "getUpdates", {"timeout": 0})
    kinds = {key for update in updates for key in update if key != "update_id"}
    assert kinds == {"message", "edited_message", "callback_query", "my_chat_member"}
    assert len(updates) >= 20
    assert spec.check(updates, spec.returns("getUpdates"), "getUpdates") == []


async def test_the_checker_catches_a_field_telegram_does_not_have(spec: Spec) -> None:
    """The check itself can fail: extra, missing, mistyped and out-of-list fields."""
    message = {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}
    assert spec.check(message, "Message") == []
    assert spec.check({**message, "deleted": True}, "Message") == [
        "result.deleted: Message has no such field"
    ]
    assert spec.check({**message, "date": "1"}, "Message") == [
        "result.date: expected Integer, got '1'"
    ]
    assert spec.check({"message_id": 1, "chat": message["chat"]}, "Message") == [
        "result.date: required in Message, missing"
    ]
    odd_chat = {**message, "chat": {"id": 1, "type": "secret"}}
    assert spec.check(odd_chat, "Message") != []
    member = {"status": "kicked", "user": {"id": 1, "is_bot": True, "first_name": "b"}}
    assert spec.check({**member, "until_date": 0}, "ChatMember") == []
    assert spec.check({**member, "status": "blocked", "until_date": 0}, "ChatMember") != []


# -- limits, on both sides of the line ------------------------------------------------------


async def expect(
    server: RunningServer, spec: Spec, method: str, params: dict[str, Any], *, accepted: bool
) -> Any:
    status, payload = await raw_call(server, method, params)
    if accepted:
        assert status == 200 and payload["ok"] is True, (method, payload)
        assert spec.check(payload["result"], spec.returns(method), method) == []
        return payload["result"]
    assert status == 400, f"{method} accepted what Telegram refuses: {payload}"
    check_error(spec, status, payload, method)
    return payload


async def test_text_is_1_to_4096_utf16_units_after_parsing(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    send = {"chat_id": USER_ID}
    for text, accepted in (
        ("x" * 4096, True),
        ("x" * 4097, False),
        ("🙂" * 2048, True),  # 4096 UTF-16 units
        ("🙂" * 2049, False),
        ("", False),
    ):
        await expect(server, spec, "sendMessage", {**send, "text": text}, accepted=accepted)
        edit = {**send, "message_id": scene.bot_message, "text": text}
        await expect(server, spec, "editMessageText", edit, accepted=accepted)
    html = {**send, "parse_mode": "HTML"}
    await expect(
        server, spec, "sendMessage", {**html, "text": f"<b>{'x' * 4096}</b>"}, accepted=True
    )
    await expect(
        server, spec, "sendMessage", {**html, "text": f"<b>{'x' * 4097}</b>"}, accepted=False
    )


async def test_caption_is_at_most_1024_utf16_units(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    for caption, accepted in (("c" * 1024, True), ("c" * 1025, False), ("🙂" * 513, False)):
        for method, kind in (("sendPhoto", "photo"), ("sendDocument", "document")):
            params = {"chat_id": USER_ID, kind: scene.files[kind], "caption": caption}
            await expect(server, spec, method, params, accepted=accepted)
        edit = {"chat_id": USER_ID, "message_id": scene.bot_document, "caption": caption}
        await expect(server, spec, "editMessageCaption", edit, accepted=accepted)


async def test_callback_data_is_1_to_64_bytes(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    for data, accepted in (
        ("d" * 64, True),
        ("d" * 65, False),
        ("é" * 32, True),  # 64 bytes in UTF-8
        ("é" * 33, False),
        ("", False),
    ):
        markup = keyboard(data)
        send = {"chat_id": USER_ID, "text": "pick", "reply_markup": markup}
        await expect(server, spec, "sendMessage", send, accepted=accepted)
        edit = {"chat_id": USER_ID, "message_id": scene.bot_message, "reply_markup": markup}
        await expect(server, spec, "editMessageReplyMarkup", edit, accepted=accepted)


async def test_delete_messages_takes_1_to_100_ids(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    await build_scene(server, sandbox)
    chat = {"chat_id": USER_ID}
    await expect(server, spec, "deleteMessages", {**chat, "message_ids": []}, accepted=False)
    too_many = list(range(1, 102))
    await expect(server, spec, "deleteMessages", {**chat, "message_ids": too_many}, accepted=False)
    assert len((await sandbox.chat(USER_ID))["messages"]) > 1  # nothing went
    for bad in ([0], [-3], ["x"], [1.5], [True], [2**31], "1,2"):
        await expect(server, spec, "deleteMessages", {**chat, "message_ids": bad}, accepted=False)
    await expect(
        server, spec, "deleteMessages", {**chat, "message_ids": too_many[:100]}, accepted=True
    )
    assert (await sandbox.chat(USER_ID))["messages"] == []


async def test_callback_answer_text_is_at_most_200_characters(
    spec: Spec, server: RunningServer, sandbox: SandboxClient
) -> None:
    scene = await build_scene(server, sandbox)
    answer = {"callback_query_id": scene.query_id}
    await expect(server, spec, "answerCallbackQuery", {**answer, "text": "a" * 201}, accepted=False)
    await expect(server, spec, "answerCallbackQuery", {**answer, "text": "a" * 200}, accepted=True)
