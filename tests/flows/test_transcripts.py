"""Golden transcripts: whole conversations, state stored and reloaded between steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Application
from tests.flows.scripts import SCRIPTS
from tests.helpers.transcript import TranscriptRunner, check_golden, deterministic_service

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(SCRIPTS))
async def test_transcript_matches_golden(app: Application, name: str) -> None:
    runner = TranscriptRunner(deterministic_service(app))
    transcript = await runner.play_all(SCRIPTS[name])
    check_golden(GOLDEN / "{}.json".format(name), transcript)
