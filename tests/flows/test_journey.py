"""Golden transcripts of the survivor's journey at its edges (issue #13), in English,
Albanian, Serbian Cyrillic and Macedonian: each item walked through the real service,
her state stored and read back between steps, caseworker messages through the outbox
and the delivery loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Application
from tests.flows.journey_scripts import JOURNEYS, LANGUAGES
from tests.helpers.transcript import TranscriptRunner, check_golden, deterministic_service

GOLDEN = Path(__file__).parent / "golden" / "journey"


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the flow does not depend on the engine (test_transcripts runs both)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(JOURNEYS))
async def test_journey_matches_golden(app: Application, name: str, language: str) -> None:
    runner = TranscriptRunner(
        deterministic_service(app), language_hint=language, delivery=app.delivery
    )
    transcript = await runner.play_all(JOURNEYS[name](language))
    check_golden(GOLDEN / "{}.{}.json".format(name, language), transcript)
