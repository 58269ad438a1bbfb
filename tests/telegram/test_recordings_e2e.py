"""Voice messages and videos through a real library: kept as evidence with their length,
and a forwarded message's original date kept with it."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime

from sqlmodel import select

from bot.flows.state import ConversationState
from bot.storage.models import Conversation, Evidence, Survivor
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

VOICE = b"OggS\x00\x02 his voice message 5512"
VIDEO = b"\x00\x00\x00\x18ftypmp42 his car outside 8821"


async def _state(live: LiveStack, user_id: int) -> ConversationState:
    async with live.app.sessionmaker() as session:
        key = live.app.keyring.identity.survivor_key(user_id)
        survivor = (await session.exec(select(Survivor).where(Survivor.key_hash == key))).one()
        row = (
            await session.exec(select(Conversation).where(Conversation.survivor_id == survivor.id))
        ).one()
    plain = live.app.keyring.content.decrypt(row.state_enc, aad=survivor.id.bytes)
    return ConversationState.from_json(plain.decode())


async def test_voice_and_video_are_kept_with_their_length(live: LiveStack) -> None:
    user = 5570001
    player = Player(live, user)
    await player.say("/start", expect="Which country")
    await player.press("country:al", expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")
    await live.sandbox.send(
        user, kind="voice", base64=base64.b64encode(VOICE).decode(), duration=42
    )
    await live.wait_for_text(user, "Voice message saved as evidence")
    forwarded_at = 1_767_000_000
    await live.sandbox.send(
        user,
        kind="video",
        base64=base64.b64encode(VIDEO).decode(),
        duration=65,
        forward_from_name="Marko",
        forward_date=forwarded_at,
    )
    await live.wait_for_text(user, "Video saved as evidence")
    state = await _state(live, user)
    voice, video = state.draft.evidence
    assert (voice.kind, voice.duration, voice.sha256) == (
        "voice",
        42,
        hashlib.sha256(VOICE).hexdigest(),
    )
    assert (video.kind, video.duration, video.forwarded_from) == ("video", 65, "Marko")
    assert video.forwarded_at == datetime.fromtimestamp(forwarded_at, UTC).isoformat()
    async with live.app.sessionmaker() as session:
        kinds = sorted(e.kind for e in (await session.exec(select(Evidence))).all())
    assert kinds == ["video", "voice"]


async def test_a_video_is_not_kept_once_she_says_she_is_under_18(live: LiveStack) -> None:
    user = 5570002
    player = Player(live, user)
    await player.say("/start", expect="Which country")
    await player.press("country:al", expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")
    await live.sandbox.send(user, kind="video", base64=base64.b64encode(VIDEO).decode())
    await live.wait_for_text(user, "Video saved as evidence")
    await player.press("narrative:done", expect="Who is doing this")
    await player.press("relationship:unknown", expect="under 18")
    await player.press("age:minor", expect="I have deleted 1 file you sent")
    await live.sandbox.send(user, kind="video_note", base64=base64.b64encode(VIDEO).decode())
    await live.wait_for_text(user, "so I did not keep this one")
    async with live.app.sessionmaker() as session:
        assert (await session.exec(select(Evidence))).all() == []
    assert (await _state(live, user)).draft.evidence == []
