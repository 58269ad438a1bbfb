"""The welcome tells her, in one line, that the chat clears itself after the quiet
period (#18 item 2), with the period from the deployment's setting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.app import Application
from bot.i18n import LANGUAGES
from tests.helpers.transcript import (
    DEMO_PRIVACY,
    TranscriptRunner,
    check_golden,
    deterministic_service,
)

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
async def test_the_welcome_says_when_the_chat_clears_itself(
    app: Application, language: str
) -> None:
    privacy = dataclasses.replace(DEMO_PRIVACY, quiet_hours=app.settings.quiet_period_hours)
    runner = TranscriptRunner(deterministic_service(app, privacy), language_hint=language)
    transcript = await runner.play_all([{"command": "start", "language_hint": language}])
    check_golden(GOLDEN / "quiet_welcome_{}.json".format(language), transcript)
    welcome = transcript[0]["out"][0]["text"]
    quiet_line = app.catalogues.translator(language).ngettext(
        "This chat clears itself after {hours} hour without new messages.",
        "This chat clears itself after {hours} hours without new messages.",
        24,
    )
    assert quiet_line.format(hours=24) in welcome.split("\n")  # one line of its own
    assert "{hours}" not in welcome


async def test_the_period_comes_from_the_setting(app: Application) -> None:
    privacy = dataclasses.replace(DEMO_PRIVACY, quiet_hours=6)
    runner = TranscriptRunner(deterministic_service(app, privacy), language_hint="en")
    [record] = await runner.play_all([{"command": "start", "language_hint": "en"}])
    assert "This chat clears itself after 6 hours without new messages." in record["out"][0]["text"]
