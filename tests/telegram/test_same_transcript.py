"""The same scripted conversation through aiogram and python-telegram-bot gives the same chat.

Each library gets its own local server and its own fresh database; after every step
the sandbox chat view (texts, buttons, what was deleted) and the bot's Bot API calls
are recorded. Any difference between the two recordings is a failure.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from bot.app import Application
from bot.settings import Settings
from tests.helpers.live import LiveStack, live_stack
from tests.telegram.conftest import separate_app

USER = 5560001
REFERENCE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
CHAT_METHODS = {
    "sendMessage",
    "editMessageText",
    "answerCallbackQuery",
    "deleteMessages",
    "deleteMessage",
    "leaveChat",
    "getFile",
}

# (kind, payload, expected text once the bot has answered)
SCRIPT: list[tuple[str, Any, str]] = [
    ("say", "/start@safe_report_sandbox_bot", "Which country"),
    ("press", "country:rs", "Are you safe"),
    ("press", "safety:yes", "What is happening"),
    ("press", "categories:doxxing", "✓ My address"),
    ("press", "categories:stalking", "✓"),
    ("press", "categories:done", "In your own words"),
    ("say", "He posted my address on a forum.", "Your report now holds"),
    ("say", {"text": "You will regret it", "forward_from_name": "Marko"}, "Forwarded"),
    ("edit", "He posted my address and phone.", "You edited"),
    ("say", {"kind": "sticker"}, "I can't receive stickers"),
    ("say", {"photo": b"\x89PNG\r\n\x1a\n fake screenshot bytes 991"}, "Screenshot saved"),
    ("say", {"document": ("log.txt", "text/plain", b"chat log")}, "File saved"),
    ("press", "narrative:done", "Who is doing this"),
    ("press", "relationship:known", "under 18"),
    ("press", "age:adult", "intimate images"),
    ("press", "images:no", "activist"),
    ("press", "public_role:no", "Do you want to send your report"),
    ("press", "consent:yes", "on this phone"),
    ("press", "replies:yes", "Your reference code is"),
    ("status", "", "received, waiting"),
    ("say", "/start", "is with the service"),
    ("exit", "", ""),
]


def _projection(view: dict[str, Any]) -> list[dict[str, Any]]:
    shown = []
    for m in view["messages"]:
        shown.append(
            {
                "id": m["message_id"],
                "from": m["from"],
                "text": REFERENCE.sub("XXXX-XXXX", m["text"] or ""),
                "buttons": m["buttons"],
                "caption": m.get("caption"),
                "file": (m.get("file") or {}).get("kind"),
            }
        )
    answers = [a.get("text") for a in view["callback_answers"]]
    return [*shown, {"callback_answers": answers}]


async def _settled(live: LiveStack) -> list[dict[str, Any]]:
    """The chat once nothing has changed for a moment (a step may send several messages)."""
    last = _projection(await live.sandbox.chat(USER))
    while True:
        await asyncio.sleep(0.15)
        now = _projection(await live.sandbox.chat(USER))
        if now == last:
            return now
        last = now


async def _step(live: LiveStack, kind: str, payload: Any, expect: str, state: dict) -> None:
    if kind == "say":
        fields = payload if isinstance(payload, dict) else {"text": payload}
        sent = await live.sandbox.send(USER, language_code="en", **fields)
        state["last_text_id"] = sent["message"]["message_id"]
    elif kind == "edit":
        await live.sandbox.send(USER, payload, edit_message_id=state["narrative_id"])
    elif kind == "press":
        await live.sandbox.press(USER, callback_data=payload)
    elif kind == "status":
        view = await live.sandbox.chat(USER)
        code = REFERENCE.findall(" ".join(m["text"] or "" for m in view["messages"]))[-1]
        await live.sandbox.send(USER, "/status " + code)
    elif kind == "exit":
        await live.sandbox.press(USER, button="Exit")
        await live.sandbox.wait_for(USER, lambda v: v["messages"] == [])
        return
    if kind == "say" and payload == "He posted my address on a forum.":
        state["narrative_id"] = state["last_text_id"]
    await live.wait_for_text(USER, expect)


async def _record(app: Application, transport: str) -> dict[str, Any]:
    views: list[Any] = []
    async with live_stack(app, transport) as live:
        state: dict[str, Any] = {}
        for kind, payload, expect in SCRIPT:
            await _step(live, kind, payload, expect, state)
            views.append([kind, payload if isinstance(payload, str) else repr(payload)])
            views.append(await _settled(live))
        calls = [
            [c["method"], REFERENCE.sub("XXXX-XXXX", str(c["params"].get("text", "")))]
            for c in await live.sandbox.log()
            if c["method"] in CHAT_METHODS
        ]
    return {"views": views, "calls": calls}


async def test_aiogram_and_ptb_show_her_the_same_chat(
    settings: Settings, backend: str, tmp_path: Path
) -> None:
    recordings = {}
    for transport in ("aiogram", "ptb"):
        folder = tmp_path / transport
        folder.mkdir()
        async with separate_app(settings, backend, folder) as app:
            recordings[transport] = await _record(app, transport)
    aiogram, ptb = recordings["aiogram"], recordings["ptb"]
    for index, (a, p) in enumerate(zip(aiogram["views"], ptb["views"], strict=True)):
        assert a == p, "chat differs after step {}: {}".format(index // 2, SCRIPT[index // 2])
    assert aiogram["calls"] == ptb["calls"]
    if not aiogram["views"]:
        pytest.fail("nothing was recorded")
