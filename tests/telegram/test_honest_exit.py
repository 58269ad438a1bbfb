"""Honest Exit: she reported, comes back three days later and presses Exit.

Telegram lets a bot delete only messages under 48 hours old, so Exit deletes what it
can and then tells her, in her language, how to delete the chat herself; that message
goes away at her tap or after a minute. Nothing claims the chat is gone while it is not.
Golden chats in English, Albanian, Serbian Cyrillic and Macedonian, through both
libraries against the local Bot API server with its clock moved on.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.flows import notices
from tests.helpers.live import LiveStack
from tests.helpers.transcript import check_golden

GOLDEN = Path(__file__).parent / "golden"
THREE_DAYS = 3 * 24 * 3600


def _chat(view: dict[str, Any]) -> list[dict[str, Any]]:
    """What she sees: who wrote, the text, the buttons (no ids, no dates)."""
    return [
        {
            "from": m["from"],
            "text": m["text"],
            "buttons": [[b.get("callback_data", "") for b in row] for row in m["buttons"]],
            "labels": [[b["text"] for b in row] for row in m["buttons"]],
        }
        for m in view["messages"]
    ]


async def _reported_three_days_ago(live: LiveStack, user: int, language: str) -> None:
    await live.sandbox.send(user, "/start", language_code=language)  # her phone's language
    await live.wait_for_count(user, 1)
    await live.sandbox.press(user, callback_data="country:rs")
    await live.wait_for_count(user, 2)
    await live.sandbox.let_time_pass(THREE_DAYS, chat_id=user)


@pytest.mark.parametrize("language", ["en", "sq", "sr", "mk"])
async def test_exit_after_three_days_is_honest(live: LiveStack, language: str) -> None:
    user = 5570001
    await _reported_three_days_ago(live, user, language)
    before = (await live.sandbox.chat(user))["messages"]
    await live.sandbox.press(user, callback_data=notices.EXIT_DATA)
    await live.sandbox.wait_for(user, lambda v: len(v["messages"]) == len(before) + 1, within=10)
    await asyncio.sleep(0.3)  # and nothing else arrives
    chat = _chat(await live.sandbox.chat(user))
    # Everything was over 48 hours old: it is all still there, and she is told so.
    assert chat[:-1] == _chat({"messages": before})
    assert chat[-1]["buttons"] == [[notices.EXIT_DATA]] and "48" in chat[-1]["text"]
    assert len(await live.sandbox.log("deleteMessage")) >= len(before)  # each one tried
    check_golden(GOLDEN / "honest_exit_{}.json".format(language), chat)


async def test_the_notice_goes_at_her_tap_and_what_is_young_is_deleted(live: LiveStack) -> None:
    user = 5570002
    await _reported_three_days_ago(live, user, "en")
    old = len((await live.sandbox.chat(user))["messages"])
    await live.sandbox.send(user, "/help")  # today: young messages, hers and the bot's
    await live.wait_for_count(user, 3)
    await live.sandbox.press(user, callback_data=notices.EXIT_DATA)
    await live.sandbox.wait_for(
        user,
        lambda v: v["messages"][-1]["from"] == "bot" and "48" in (v["messages"][-1]["text"] or ""),
    )
    view = await live.sandbox.chat(user)
    assert len(view["messages"]) == old + 1  # the young ones went; the old ones and the notice
    await live.sandbox.press(user, callback_data=notices.EXIT_DATA)  # "OK, remove this message"
    await live.sandbox.wait_for(user, lambda v: len(v["messages"]) == old)
    await asyncio.sleep(0.3)
    assert len((await live.sandbox.chat(user))["messages"]) == old  # no second notice


async def test_the_notice_removes_itself_after_a_while(
    live: LiveStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notices, "CHAT_LEFT_SECONDS", 0.5)
    user = 5570003
    await _reported_three_days_ago(live, user, "en")
    old = len((await live.sandbox.chat(user))["messages"])
    await live.sandbox.press(user, callback_data=notices.EXIT_DATA)
    await live.sandbox.wait_for(user, lambda v: len(v["messages"]) == old + 1)
    await live.sandbox.wait_for(user, lambda v: len(v["messages"]) == old, within=5)
