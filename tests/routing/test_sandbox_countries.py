"""End to end, per country: a conversation in the sandbox ends with that country's services."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import Application
from tests.helpers.live import LiveStack, live_stack
from tests.helpers.survivor import Survivor

PLACES = [
    ("al", None, "116 117"),
    ("ba", "ba_fbih", "1265"),
    ("ba", "ba_rs", "1264"),
    ("ba", "ba_brcko", "122"),
    ("xk", None, "0800 11 112"),
    ("me", None, "080 111 111"),
    ("mk", None, "070 141 700"),
    ("rs", None, "0800 222 003"),
    ("gb", "gb_eng", "0808 2000 247"),
    ("gb", "gb_wls", "0808 80 10 800"),
    ("gb", "gb_sct", "0800 027 1234"),
    ("gb", "gb_nir", "0808 802 1414"),
]


@pytest.fixture
def backend() -> str:
    return "sqlite"  # routing does not depend on the database; PostgreSQL runs elsewhere


@pytest.fixture
async def live(app: Application) -> AsyncIterator[LiveStack]:
    async with live_stack(app) as stack:
        yield stack


@pytest.mark.parametrize(("country", "region", "number"), PLACES)
async def test_conversation_ends_with_the_countrys_services(
    live: LiveStack, country: str, region: str | None, number: str
) -> None:
    player = Survivor(live, 6100001)
    await player.start()
    await player.choose_place(country, region)
    view = await player.describe(
        "My ex keeps sending me threats.",
        category="threat",
        chosen="✓ Threats",
        relationship="partner_or_ex",
    )
    services = "\n".join(m["text"] or "" for m in view["messages"] if m["from"] == "bot")
    assert number in services
