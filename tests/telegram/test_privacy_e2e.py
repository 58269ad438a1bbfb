"""/privacy through a real library: the deployment's controller and contact come from its
settings, the notice renders as HTML (escaped where the settings say so), in her language."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Environment, Settings
from tests.conftest import TEST_SECRET
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        classifier="rules",
        send_chat_burst=1000,
        send_chat_rate=1000.0,
        send_overall_rate=100000,
        data_controller="Fondacija <Primjer> & Partneri",
        data_contact="privatnost@primjer.example",
    )


async def test_privacy_notice_names_the_deployments_controller(live: LiveStack) -> None:
    user = 5580001
    player = Player(live, user, language_code="bs")
    await player.say("/start", expect="Kako se čuvaju tvoji podaci")
    await live.sandbox.press(user, callback_data="privacy")
    view = await live.wait_for_text(user, "Fondacija <Primjer> & Partneri")
    texts = [m["text"] or "" for m in view["messages"] if m["from"] == "bot"]
    rights = next(t for t in texts if "Fondacija" in t)
    assert "privatnost@primjer.example" in rights and "/forget" in rights
    assert any("Telegram" in t and "s kraja na kraj" in t for t in texts)
    await live.sandbox.press(user, callback_data="privacy:hide")
    await live.wait_for_text(user, "Passcode Lock")
