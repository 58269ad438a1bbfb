"""The real aiogram client against the local Bot API server, with a real database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from bot.storage.models import Case, CaseMessage, ChatMessage, Conversation, Evidence, Survivor
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

NARRATIVE = "Moj bivši je objavio moju adresu i broj telefona na forumu 7731."


async def _count(live: LiveStack, model: type) -> int:
    async with live.app.sessionmaker() as session:
        return int((await session.exec(select(func.count()).select_from(model))).one())


async def test_whole_report_from_start_to_reference(live: LiveStack) -> None:
    code = await Player(live, 5550001).report(narrative=NARRATIVE)
    assert len(code) == 9 and code[4] == "-"
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case).where(Case.reference == code))).one()
    assert case.partner_service_id
    assert "doxxing" in case.categories
    assert case.allow_replies is True
    # /status from her own account, and not from anyone else's.
    await Player(live, 5550001).say("/status " + code, expect="received, waiting")
    await Player(live, 5550002).say("/status " + code, expect="can't find a report")


async def test_quick_exit_leaves_the_chat_empty(live: LiveStack) -> None:
    player = Player(live, 5550003)
    await player.say("/start", expect="Choose your language")
    await player.press("language:en", expect="Which country")
    await player.press("country:al", expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")
    await player.say("Something I do not want anyone to see", expect="Added to your report")
    await live.sandbox.press(5550003, button="Exit")

    def empty(view: dict) -> bool:
        return view["messages"] == []

    await live.sandbox.wait_for(5550003, empty)
    await asyncio.sleep(0.3)  # nothing may arrive after the exit
    assert (await live.sandbox.chat(5550003))["messages"] == []
    assert await _count(live, Conversation) == 0


async def test_exit_command_also_clears_everything(live: LiveStack) -> None:
    player = Player(live, 5550004)
    await player.say("/start", expect="Choose your language")
    await live.sandbox.send(5550004, "/exit")
    await live.sandbox.wait_for(5550004, lambda view: view["messages"] == [])


async def test_forget_leaves_no_row_about_her(live: LiveStack) -> None:
    player = Player(live, 5550005)
    code = await player.report(narrative=NARRATIVE)
    await player.say("/forget", expect="has been deleted")
    assert await _count(live, Survivor) == 0
    assert await _count(live, Conversation) == 0
    assert await _count(live, ChatMessage) == 0
    assert await _count(live, Evidence) == 0
    assert await _count(live, CaseMessage) == 0
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case).where(Case.reference == code))).one()
    assert case.status == "withdrawn"
    assert case.content_enc is None and case.survivor_id is None
    # Only the confirmation is left on her screen.
    texts = await live.bot_texts(5550005)
    assert len(texts) == 1 and "deleted" in texts[0]


async def test_database_file_holds_neither_narrative_nor_telegram_id(live: LiveStack) -> None:
    if live.app.engine.url.get_backend_name() != "sqlite":
        return  # the raw-bytes check reads the SQLite file; PostgreSQL is checked in storage
    user_id = 5550417
    await Player(live, user_id).report(narrative=NARRATIVE)
    await live.app.engine.dispose()  # checkpoint and close the WAL
    path = Path(str(live.app.engine.url.database))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert raw, "the database file should exist"
    for needle in (NARRATIVE, "7731", "forumu", str(user_id)):
        assert needle.encode() not in raw, needle


async def test_group_chat_gets_a_notice_and_the_bot_leaves(live: LiveStack) -> None:
    await live.sandbox.send(5550006, "/start", chat_type="group", chat_id=-100777)
    view = await live.sandbox.wait_for(
        5550006,
        lambda v: any("private chats" in (m["text"] or "") for m in v["messages"]),
        chat_id=-100777,
    )
    assert view
    calls = await live.sandbox.log("leaveChat")
    assert calls and calls[-1]["params"]["chat_id"] in (-100777, "-100777")
    assert await _count(live, Survivor) == 0


async def test_two_updates_of_one_survivor_at_once_keep_the_draft_consistent(
    live: LiveStack,
) -> None:
    player = Player(live, 5550007)
    await player.say("/start", expect="Choose your language")
    await player.press("language:en", expect="Which country")
    await player.press("country:me", expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")
    texts = ["first part {}".format(i) for i in range(6)]
    await asyncio.gather(*(live.sandbox.send(5550007, t) for t in texts))
    await live.wait_for_count(5550007, 5 + 6)
    await player.press("narrative:done", expect="Who is doing this")
    service = live.app.conversations
    async with live.app.sessionmaker() as session:
        key = live.app.keyring.identity.survivor_key(5550007)
        survivor = (await session.exec(select(Survivor).where(Survivor.key_hash == key))).one()
        row = (
            await session.exec(select(Conversation).where(Conversation.survivor_id == survivor.id))
        ).one()
    from bot.flows.state import ConversationState

    state = ConversationState.from_json(
        live.app.keyring.content.decrypt(row.state_enc, aad=survivor.id.bytes).decode()
    )
    assert sorted(p.text for p in state.draft.parts) == sorted(texts)
    assert state.step == "relationship"
    assert service is not None


async def test_evidence_photo_is_stored_encrypted_with_its_hash(live: LiveStack) -> None:
    import hashlib

    player = Player(live, 5550008)
    await player.say("/start", expect="Choose your language")
    await player.press("language:en", expect="Which country")
    await player.press("country:rs", expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")
    image = b"\x89PNG\r\n\x1a\n fake screenshot bytes 991"
    await player.say(None, photo=image, expect="Screenshot saved")
    async with live.app.sessionmaker() as session:
        evidence = (await session.exec(select(Evidence))).one()
    assert evidence.sha256 == hashlib.sha256(image).hexdigest()
    assert image not in evidence.blob_enc
    assert live.app.keyring.content.decrypt(evidence.blob_enc, aad=evidence.id.bytes) == image
