"""Voice messages and videos she sent: on the case page with their kind, length and
SHA-256, and downloadable byte for byte by her partner service."""

from __future__ import annotations

import hashlib
import itertools

from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.flows.events import FileReceived
from bot.storage.models import Case, Evidence
from tests.helpers.portal import caseworker, client, login
from tests.helpers.transcript import event_from

VOICE = b"OggS\x00\x02 a voice message he left 7781"
VIDEO = b"\x00\x00\x00\x18ftypmp42 a video of his car outside 1192"
_updates = itertools.count(70_000)


async def _report_with_recordings(app: Application, user_id: int) -> str:
    script: list[dict[str, str] | FileReceived] = [
        {"command": "start"},
        {"press": "country:rs"},
        {"press": "safety:yes"},
        {"press": "categories:threat"},
        {"press": "categories:done"},
        {"text": "He left me this voice message and filmed my house."},
        FileReceived("voice", len(VOICE), VOICE, mime_type="audio/ogg", duration=75),
        FileReceived(
            "video",
            len(VIDEO),
            VIDEO,
            mime_type="video/mp4",
            duration=3725,
            forwarded_from="Marko",
            forwarded_at="2026-01-14T21:40:00+00:00",
        ),
        {"press": "narrative:done"},
        {"press": "relationship:known"},
        {"press": "age:adult"},
        {"press": "images:no"},
        {"press": "public_role:no"},  # asked for a threat: a public role changes her list
        {"press": "consent:yes"},
        {"press": "replies:no"},
    ]
    reference = None
    for step in script:
        event = step if isinstance(step, FileReceived) else event_from(step)
        outcome = await app.conversations.handle(
            update_id=next(_updates), telegram_user_id=user_id, chat_id=user_id, event=event
        )
        reference = outcome.case_reference or reference
    assert reference is not None
    return reference


async def test_voice_and_video_are_shown_and_downloadable(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="cw@service.org", services=["demo-rs"])
    reference = await _report_with_recordings(app, 4401)
    async with app.sessionmaker() as session:
        case = (await session.exec(select(Case).where(Case.reference == reference))).one()
        files = {
            e.kind: e
            for e in (await session.exec(select(Evidence).where(Evidence.case_id == case.id))).all()
        }
    assert set(files) == {"voice", "video"}
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
        assert "Voice message, 1:15" in page
        assert "Video, 1:02:05" in page
        assert "Forwarded from Marko, first sent 14 Jan 2026, 21:40 UTC" in page
        for kind, raw in (("voice", VOICE), ("video", VIDEO)):
            evidence = files[kind]
            assert hashlib.sha256(raw).hexdigest() == evidence.sha256
            assert evidence.sha256 in page
            response = await http.get("/cases/{}/evidence/{}".format(case.id, evidence.id))
            assert response.status_code == 200 and response.content == raw
