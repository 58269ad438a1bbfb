"""The quiet-period sweep (#18 item 2), against the real services and database.

A conversation is played through the conversation service and the delivery loop
(states, message ids and notices stored as in production); the sweep then runs
with its clock moved forward, and a recording deleter stands in for Telegram.
SQLite and PostgreSQL alike (the `app` fixture runs both).
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.app import Application, build_application
from bot.flows import notices
from bot.storage.models import Case, ChatMessage, Survivor
from bot.storage.types import utcnow
from classifiers.rules.classifier import RulesClassifier
from tests.flows.journey_scripts import _report
from tests.helpers.transcript import TranscriptRunner, deterministic_service

USER = 424242


class Telegram:
    """Records what the sweep asks Telegram to delete, per chat."""

    def __init__(self, pause: float = 0.0) -> None:
        self.deleted: list[tuple[int, list[int]]] = []
        self._pause = pause

    async def delete(self, chat_id: int, message_ids: list[int]) -> None:
        await asyncio.sleep(self._pause)  # two replicas overlap here
        self.deleted.append((chat_id, list(message_ids)))

    @property
    def ids(self) -> list[int]:
        return [m for _chat, ids in self.deleted for m in ids]


def later(hours: float) -> datetime:
    return utcnow() + timedelta(hours=hours)


async def remembered(app: Application) -> dict[int, ChatMessage]:
    async with app.sessionmaker() as session:
        rows = (await session.exec(select(ChatMessage))).all()
    return {row.message_id: row for row in rows}


async def reported(app: Application, *, replies: list[str] = ()) -> TranscriptRunner:  # type: ignore[assignment]
    """She reports (allowing messages); then the service writes `replies` to her."""
    runner = TranscriptRunner(deterministic_service(app), user_id=USER, delivery=app.delivery)
    script = [*_report("en"), {"press": "consent:yes"}, {"press": "replies:yes"}]
    script += [{"caseworker": text} for text in replies]
    await runner.play_all(script)
    return runner


def reply_hex(runner: TranscriptRunner, n: int) -> str:
    return next(real for real, shown in runner._names.items() if shown == "<reply-{}>".format(n))


async def notice_of(app: Application, item_hex: str) -> int:
    rows = await remembered(app)
    return next(m for m, row in rows.items() if row.notice_for == uuid.UUID(hex=item_hex))


async def test_a_25_hour_quiet_conversation_is_deleted_and_forgotten(app: Application) -> None:
    await reported(app)
    before = await remembered(app)
    assert len(before) > 10  # her messages and the bot's
    async with app.sessionmaker() as session:
        sealed = (await session.exec(select(Survivor))).one().chat_enc
    assert sealed is not None and str(USER).encode() not in sealed  # sealed, never in clear
    telegram = Telegram()

    app.quiet.clock = lambda: later(23)
    assert await app.quiet.sweep_once(telegram.delete) == 0  # not quiet long enough
    assert telegram.deleted == []

    app.quiet.clock = lambda: later(25)
    assert await app.quiet.sweep_once(telegram.delete) == 1
    assert telegram.deleted == [(USER, sorted(before))]  # her chat, every id, once
    assert await remembered(app) == {}  # forgotten
    async with app.sessionmaker() as session:
        case = (await session.exec(select(Case))).one()
        survivor = (await session.exec(select(Survivor))).one()
    assert case.reference == "TEST-0001" and case.allow_replies  # her case and relay stay
    assert survivor.reply_chat_enc is not None and survivor.sweep_claimed_until is None
    assert survivor.chat_enc is None  # nothing left to delete: her chat id is not kept for it

    assert await app.quiet.sweep_once(telegram.delete) == 0  # nothing left to sweep
    assert len(telegram.deleted) == 1


async def test_her_next_step_notes_her_chat_again_and_it_is_swept_again(
    app: Application,
) -> None:
    runner = await reported(app)
    app.quiet.clock = lambda: later(25)
    await app.quiet.sweep_once(Telegram().delete)
    # Only an answer, no data: on PostgreSQL the fast path, which leaves a step without
    # her chat id to the transactional store.
    await runner.play({"press": notices.PRIVACY_DATA})
    again = await remembered(app)
    assert again
    async with app.sessionmaker() as session:
        assert (await session.exec(select(Survivor))).one().chat_enc is not None
    telegram = Telegram()
    app.quiet.clock = lambda: later(25)
    assert await app.quiet.sweep_once(telegram.delete) == 1
    assert telegram.deleted == [(USER, sorted(again))]


async def test_a_read_reply_goes_after_the_period_a_kept_or_unread_one_stays(
    app: Application,
) -> None:
    runner = await reported(app, replies=["Kept one.", "Read one.", "Unread one."])
    for n in (1, 2):
        shown = await runner.play({"press": "show:r:<reply-{}>:TEST-0001".format(n)})
        keep = [b for row in shown["out"][-1]["buttons"] for b in row if "keep:" in b]
        assert keep == ["Keep this message → keep:<reply-{}>".format(n)]
    pressed = await runner.play({"press": "keep:<reply-1>"})
    assert pressed["out"][0] == {"answer_callback": notices.kept(app.catalogues.translator("en"))}
    kept = await notice_of(app, reply_hex(runner, 1))
    read = await notice_of(app, reply_hex(runner, 2))
    unread = await notice_of(app, reply_hex(runner, 3))
    telegram = Telegram()

    app.quiet.clock = lambda: later(25)
    await app.quiet.sweep_once(telegram.delete)

    assert read in telegram.ids
    assert kept not in telegram.ids and unread not in telegram.ids
    assert sorted(await remembered(app)) == sorted([kept, unread])  # still known for Exit
    # Read just now: a later sweep would wait for the period after her reading too.
    app.quiet.clock = lambda: later(26)
    await app.quiet.sweep_once(telegram.delete)
    assert kept not in telegram.ids and unread not in telegram.ids


async def test_a_reply_read_within_the_period_waits(app: Application) -> None:
    runner = await reported(app, replies=["Read late."])
    await runner.play({"press": "show:r:<reply-1>:TEST-0001"})
    read = await notice_of(app, reply_hex(runner, 1))
    telegram = Telegram()
    # Her chat's newest message is 25 hours old, but she read the reply after the cutoff.
    from bot.storage.models import CaseMessage

    async with app.sessionmaker() as session, session.begin():
        message = (await session.exec(select(CaseMessage))).one()
        message.read_at = later(2)
        session.add(message)
    app.quiet.clock = lambda: later(25)
    await app.quiet.sweep_once(telegram.delete)
    assert telegram.ids and read not in telegram.ids
    app.quiet.clock = lambda: later(27)
    await app.quiet.sweep_once(telegram.delete)
    assert read in telegram.ids


async def test_two_replicas_sweeping_at_once_delete_each_message_once(app: Application) -> None:
    await reported(app)
    for user in (USER + 1, USER + 2, USER + 3):  # more chats, so the replicas interleave
        runner = TranscriptRunner(deterministic_service(app), user_id=user)
        runner._updates = iter(range(user * 100, user * 100 + 100))  # type: ignore[assignment]
        await runner.play_all([{"command": "start", "language_hint": "en"}])
    async with app.sessionmaker() as session:
        everything = (await session.exec(select(ChatMessage))).all()
    replica = await build_application(app.settings, classifier=RulesClassifier(), migrate=False)
    try:
        first, second = Telegram(pause=0.05), Telegram(pause=0.05)
        for quiet in (app.quiet, replica.quiet):
            quiet.clock = lambda: later(25)
        await asyncio.gather(
            app.quiet.sweep_once(first.delete), replica.quiet.sweep_once(second.delete)
        )
    finally:
        await replica.close()
    counted = Counter((chat, m) for t in (first, second) for chat, ids in t.deleted for m in ids)
    assert set(counted.values()) == {1}  # no message twice
    assert len(counted) == len(everything)  # and none left out
    assert {chat for chat, _m in counted} == {USER, USER + 1, USER + 2, USER + 3}
    assert await remembered(app) == {}


async def test_a_chat_she_wrote_in_again_is_not_swept(app: Application) -> None:
    runner = await reported(app)
    async with app.sessionmaker() as session, session.begin():
        rows = (await session.exec(select(ChatMessage))).all()
        for row in rows:
            row.created_at = utcnow() - timedelta(hours=25)
            session.add(row)
    await runner.play({"command": "help"})  # today
    telegram = Telegram()
    assert await app.quiet.sweep_once(telegram.delete) == 0
    assert telegram.deleted == []


async def test_a_refusal_is_forgotten_not_retried(app: Application) -> None:
    await reported(app)

    async def refused(chat_id: int, message_ids: list[int]) -> None:
        return None  # Telegram refused them all (48 hours, blocked): nothing raises

    app.quiet.clock = lambda: later(25)
    await app.quiet.sweep_once(refused)
    assert await remembered(app) == {}
    telegram = Telegram()
    assert await app.quiet.sweep_once(telegram.delete) == 0 and telegram.deleted == []


async def test_a_sweep_that_cannot_reach_telegram_tries_again_after_its_lease(
    app: Application,
) -> None:
    await reported(app)
    before = await remembered(app)

    async def unreachable(chat_id: int, message_ids: list[int]) -> None:
        raise ConnectionError("no network")

    app.quiet.clock = lambda: later(25)
    try:
        await app.quiet.sweep_once(unreachable)
    except ConnectionError:
        pass
    assert sorted(await remembered(app)) == sorted(before)  # nothing forgotten
    telegram = Telegram()
    assert await app.quiet.sweep_once(telegram.delete) == 0  # claimed: the lease holds
    app.quiet.clock = lambda: later(25) + timedelta(minutes=11)
    assert await app.quiet.sweep_once(telegram.delete) == 1
    assert sorted(telegram.ids) == sorted(before)
    async with app.sessionmaker() as session:
        survivor = (await session.exec(select(Survivor).where(col(Survivor.id).is_not(None)))).one()
    assert survivor.sweep_claimed_until is None
