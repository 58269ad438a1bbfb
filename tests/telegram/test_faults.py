"""A misbehaving Bot API: 429 with retry_after, 500s, slow and dropped requests.

Every report still arrives exactly once and every survivor still gets every
message, in order, through both transports.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.storage.models import Case
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor

FAULTS: dict[str, dict[str, Any]] = {
    "rate_limited": {"method": "sendMessage", "status": 429, "retry_after": 1, "count": 2},
    "server_errors": {"method": "sendMessage", "status": 500, "count": 3},
    "bad_gateway_on_answers": {"method": "answerCallbackQuery", "status": 502, "count": 2},
    "slow": {"method": "sendMessage", "delay_ms": 700, "count": 3},
    "dropped_before_running": {"method": "sendMessage", "drop": True, "count": 2},
}


def bot_texts(view: dict[str, Any]) -> list[str]:
    return [m["text"] or "" for m in view["messages"] if m["from"] == "bot"]


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_report_survives_a_misbehaving_api(live: LiveStack, fault: str) -> None:
    player = Survivor(live, 7100001)
    await player.say("/start", expect="Which country")
    await live.sandbox.fault(**FAULTS[fault])
    code = await _finish_report(player)
    async with live.app.sessionmaker() as session:
        count = (
            await session.exec(select(func.count()).select_from(Case).where(Case.reference == code))
        ).one()
    assert count == 1
    texts = bot_texts(await live.sandbox.chat(7100001))
    # Every step's message arrived once, in order.
    expected_order = [
        "Which country",
        "Are you safe",
        "What is happening",
        "In your own words",
        "Your report now holds",
        "Who is doing this",
        "under 18",
        "intimate images",
        "Do you want to send your report",
        "Your reference code is",
    ]
    positions = []
    for needle in expected_order:
        hits = [i for i, text in enumerate(texts) if needle in text]
        assert len(hits) == 1, (needle, len(hits))
        positions.append(hits[0])
    assert positions == sorted(positions)


async def _finish_report(player: Survivor) -> str:
    await player.choose_place("rs")
    await player.describe("He posted where I work.")
    return await player.consent(replies="no")


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the faults are the transport's; the database is exercised elsewhere


async def test_an_answer_telegram_kept_refusing_is_sent_later(
    live: LiveStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More failures than the retries allow: the answer is kept, then sent, not dropped."""
    from datetime import timedelta

    from bot.storage.repositories import pending as pending_repo

    monkeypatch.setattr(pending_repo, "CLAIM", timedelta(seconds=1))
    player = Survivor(live, 7100002)
    await player.say("/start", expect="Which country")
    await live.sandbox.fault(method="sendMessage", status=500, count=6)
    await live.sandbox.press(7100002, callback_data="country:al")
    view = await live.wait_for_text(7100002, "Are you safe", within=30)
    assert sum("Are you safe" in t for t in bot_texts(view)) == 1
