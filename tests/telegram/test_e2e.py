"""One suite, both libraries: aiogram and python-telegram-bot against the local Bot API server.

Every test runs once per transport (fixture `transport`) and per database backend.
"""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.flows import notices
from bot.flows.state import ConversationState
from bot.storage.models import Case, CaseMessage, ChatMessage, Conversation, Evidence, Survivor
from tests.helpers.live import LiveStack
from tests.helpers.survivor import Survivor as Player

NARRATIVE = "Moj bivši je objavio moju adresu i broj telefona na forumu 7731."
PNG = b"\x89PNG\r\n\x1a\n fake screenshot bytes 991"


async def _count(live: LiveStack, model: type) -> int:
    async with live.app.sessionmaker() as session:
        return int((await session.exec(select(func.count()).select_from(model))).one())


async def _state(live: LiveStack, user_id: int) -> ConversationState:
    async with live.app.sessionmaker() as session:
        key = live.app.keyring.identity.survivor_key(user_id)
        survivor = (await session.exec(select(Survivor).where(Survivor.key_hash == key))).one()
        row = (
            await session.exec(select(Conversation).where(Conversation.survivor_id == survivor.id))
        ).one()
    plain = live.app.keyring.content.decrypt(row.state_enc, aad=survivor.id.bytes)
    return ConversationState.from_json(plain.decode())


async def _to_narrative(player: Player, country: str = "al") -> None:
    await player.say("/start", expect="Which country")
    await player.press("country:" + country, expect="Are you safe")
    await player.press("safety:yes", expect="What is happening")
    await player.press("categories:done", expect="In your own words")


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
    await _to_narrative(player)
    await player.say("Something I do not want anyone to see", expect="Your report now holds")
    await live.sandbox.press(5550003, button="Exit")
    await live.sandbox.wait_for(5550003, lambda view: view["messages"] == [])
    await asyncio.sleep(0.3)  # nothing may arrive after the exit
    assert (await live.sandbox.chat(5550003))["messages"] == []
    assert await _count(live, Conversation) == 0


async def test_exit_command_also_clears_everything(live: LiveStack) -> None:
    player = Player(live, 5550004)
    await player.say("/start", expect="Which country")
    await live.sandbox.send(5550004, "/exit")
    await live.sandbox.wait_for(5550004, lambda view: view["messages"] == [])


async def test_quick_exit_falls_back_to_one_by_one_when_the_batch_is_refused(
    live: LiveStack,
) -> None:
    player = Player(live, 5550014)
    await player.say("/start", expect="Which country")
    await live.sandbox.fault(method="deleteMessages", status=400, description="Bad Request: no")
    await live.sandbox.send(5550014, "/exit")
    await live.sandbox.wait_for(5550014, lambda view: view["messages"] == [])
    assert len(await live.sandbox.log("deleteMessage")) >= 2


async def test_forget_leaves_no_row_about_her(live: LiveStack) -> None:
    player = Player(live, 5550005)
    code = await player.report(narrative=NARRATIVE)
    # It would withdraw her sent report: one question first (Exit stays instant).
    await player.say("/forget", expect="withdraws your report")
    await player.press("forget:yes", expect="has been deleted")
    for model in (Survivor, Conversation, ChatMessage, Evidence, CaseMessage):
        assert await _count(live, model) == 0, model.__name__
    async with live.app.sessionmaker() as session:
        case = (await session.exec(select(Case).where(Case.reference == code))).one()
    assert case.status == "withdrawn"
    assert case.content_enc is None and case.survivor_id is None
    # Only the confirmation is left on her screen.
    bot_texts = await live.bot_texts(5550005)
    assert len(bot_texts) == 1 and "deleted" in bot_texts[0]


async def test_database_file_holds_neither_narrative_nor_telegram_id(live: LiveStack) -> None:
    user_id = 5550417
    await Player(live, user_id).report(narrative=NARRATIVE)
    await live.app.engine.dispose()  # checkpoint and close the WAL
    url = live.app.engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    else:
        # Everything PostgreSQL holds for this database, as pg_dump writes it out.
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        dump = await asyncio.to_thread(
            subprocess.run, ["pg_dump", "--data-only", dsn], check=True, capture_output=True
        )
        raw = dump.stdout
    assert len(raw) > 1000, "the dump should hold the report's rows"
    assert b"demo-rs" in raw, "what is stored in clear (the partner id) must be visible here"
    # Needles long enough not to occur by chance in hex-dumped ciphertext.
    for needle in (NARRATIVE, "forumu 7731", str(user_id)):
        assert needle.encode() not in raw, needle
        assert needle.encode().hex().encode() not in raw, needle  # bytea is dumped as hex


async def test_group_chat_gets_a_notice_and_the_bot_leaves(live: LiveStack) -> None:
    await live.sandbox.send(5550006, "/start", chat_type="group", chat_id=-100777)
    view = await live.sandbox.wait_for(
        5550006,
        lambda v: any("private chats" in (m["text"] or "") for m in v["messages"]),
        chat_id=-100777,
    )
    assert view
    # The notice is sent first, then the bot leaves: give the second call its moment.
    for _ in range(100):
        calls = await live.sandbox.log("leaveChat")
        if calls:
            break
        await asyncio.sleep(0.1)
    assert calls and calls[-1]["params"]["chat_id"] in (-100777, "-100777")
    assert await _count(live, Survivor) == 0


async def test_two_updates_of_one_survivor_at_once_keep_the_draft_consistent(
    live: LiveStack,
) -> None:
    player = Player(live, 5550007)
    await _to_narrative(player, country="me")
    parts = ["first part {}".format(i) for i in range(6)]
    await asyncio.gather(*(live.sandbox.send(5550007, t) for t in parts))
    await live.wait_for_count(5550007, 4 + 6)
    await player.press("narrative:done", expect="Who is doing this")
    state = await _state(live, 5550007)
    assert sorted(p.text for p in state.draft.parts) == sorted(parts)
    assert state.step == "relationship"


async def test_evidence_photo_is_stored_encrypted_with_its_hash(live: LiveStack) -> None:
    player = Player(live, 5550008)
    await _to_narrative(player, country="rs")
    await player.say(None, photo=PNG, expect="Screenshot saved")
    async with live.app.sessionmaker() as session:
        evidence = (await session.exec(select(Evidence))).one()
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert PNG not in evidence.blob_enc
    assert live.app.keyring.content.decrypt(evidence.blob_enc, aad=evidence.id.bytes) == PNG


async def test_document_is_downloaded_through_the_file_url(live: LiveStack) -> None:
    player = Player(live, 5550009)
    await _to_narrative(player)
    data = b"%PDF-1.4 chat export 55"
    await player.say(None, document=("export.pdf", "application/pdf", data), expect="File saved")
    assert [c["params"] for c in await live.sandbox.log("getFile")]
    async with live.app.sessionmaker() as session:
        evidence = (await session.exec(select(Evidence))).one()
    assert live.app.keyring.content.decrypt(evidence.blob_enc, aad=evidence.id.bytes) == data
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()


async def test_a_file_over_the_limit_is_not_fetched_and_she_is_told(live: LiveStack) -> None:
    player = Player(live, 5550010)
    await _to_narrative(player)
    big = live.app.conversations.limits.max_file_bytes + 1
    document = {"name": "big.zip", "mime_type": "application/zip", "base64": "UEs=", "size": big}
    await player.say(None, document=document, expect="larger than 20 MB")
    assert await live.sandbox.log("getFile") == []
    assert await _count(live, Evidence) == 0


async def test_a_file_the_bot_api_refuses_gets_the_same_answer(live: LiveStack) -> None:
    """Within our limit but over the server's download limit: getFile fails with a 400."""
    live.server.state.settings.max_download_bytes = 8
    player = Player(live, 5550011)
    await _to_narrative(player)
    await player.say(None, document=("a.txt", "text/plain", b"0123456789"), expect="larger than")
    assert await _count(live, Evidence) == 0


async def test_forwarded_edited_and_unsupported_messages(live: LiveStack) -> None:
    player = Player(live, 5550012)
    await _to_narrative(player)
    await player.say(
        "You will regret it",
        forward_from_name="Marko",
        forward_from_user_id=777,
        expect="Forwarded message saved",
    )
    await player.say("he knows where I live", forward_from_name="Hidden H", expect="Forwarded")
    sent = await live.sandbox.send(5550012, "first version")
    await live.wait_for_count(5550012, 7)
    await player.say(
        "second version", edit_message_id=sent["message"]["message_id"], expect="You edited"
    )
    await player.say(None, kind="sticker", expect="I can't receive stickers")
    await player.say(None, kind="location", expect="I can't receive stickers")
    parts = (await _state(live, 5550012)).draft.parts
    assert [p.forwarded_from for p in parts[:2]] == ["Marko", "Hidden H"]
    assert [(p.text, p.edited) for p in parts[2:]] == [
        ("first version", False),
        ("second version", True),
    ]


async def test_commands_addressed_to_the_bot_by_name(live: LiveStack) -> None:
    player = Player(live, 5550013)
    await player.say("/start@safe_report_sandbox_bot", expect="Which country")
    await player.say("/help@safe_report_sandbox_bot", expect="/exit")


async def test_an_internal_error_is_told_in_her_language(
    live: LiveStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = Player(live, 5550015, language_code="sq")
    await player.say("/start", expect="Në cilin vend")  # her Telegram language, at once
    await live.wait_for_count(5550015, 1)

    async def broken(**_: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(live.app.conversations, "handle", broken)
    expected = notices.internal_error(live.app.catalogues.translator("sq"))
    assert expected != notices.internal_error(live.app.catalogues.translator("en"))
    await player.say("ndihmë", expect=expected)


async def test_flood_control_and_server_errors_are_retried(live: LiveStack) -> None:
    player = Player(live, 5550016)
    await player.say("/start", expect="Which country")
    await live.sandbox.fault(method="sendMessage", status=429, retry_after=1)
    await player.press("country:al", expect="Are you safe")
    await live.sandbox.fault(method="sendMessage", status=502, count=2)
    await player.press("safety:yes", expect="What is happening")
    faults = [c for c in await live.sandbox.log("sendMessage") if c.get("fault")]
    assert [c["fault"] for c in faults] == [429, 502, 502]
