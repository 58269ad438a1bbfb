"""A committed step never loses its answer: pending replies survive a dead sender."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from bot.app import Application
from bot.flows.actions import Send
from bot.flows.events import Command
from bot.storage.models import PendingReply
from bot.storage.types import utcnow


async def expire_claims(app: Application) -> None:
    async with app.sessionmaker() as session, session.begin():
        await session.exec(  # type: ignore[call-overload]
            update(PendingReply).values(claimed_until=utcnow() - timedelta(seconds=1))
        )


async def pending_rows(app: Application) -> list[PendingReply]:
    async with app.sessionmaker() as session:
        return list((await session.exec(select(PendingReply))).all())


async def test_redelivery_resends_an_answer_that_was_never_sent(app: Application) -> None:
    service = app.conversations
    first = await service.handle(update_id=1, telegram_user_id=5, chat_id=5, event=Command("start"))
    assert first.pending_update_id == 1
    # The process "dies" before sending: nothing confirms the pending reply.
    again = await service.handle(update_id=1, telegram_user_id=5, chat_id=5, event=Command("start"))
    assert again.duplicate  # the first sender's claim still holds
    await expire_claims(app)
    recovered = await service.handle(
        update_id=1, telegram_user_id=5, chat_id=5, event=Command("start")
    )
    assert not recovered.duplicate
    assert [a.text for a in recovered.actions if isinstance(a, Send)] == [
        a.text for a in first.actions if isinstance(a, Send)
    ]
    await service.remember_sent(telegram_user_id=5, message_ids=[10], update_id=1)
    assert await pending_rows(app) == []
    await expire_claims(app)
    final = await service.handle(update_id=1, telegram_user_id=5, chat_id=5, event=Command("start"))
    assert final.duplicate


async def test_the_sweeper_finds_answers_nobody_is_sending(app: Application) -> None:
    service = app.conversations
    await service.handle(update_id=7, telegram_user_id=6, chat_id=6, event=Command("start"))
    assert await service.stale_pending() == []  # still claimed by its sender
    await expire_claims(app)
    owed = await service.stale_pending()
    assert [(update_id, chat_id) for update_id, chat_id, _ in owed] == [(7, 6)]
    assert any(isinstance(a, Send) for a in owed[0][2].actions)
    assert await service.stale_pending() == []  # reclaimed by the sweeper


async def test_pending_reply_holds_nothing_in_clear(app: Application) -> None:
    await app.conversations.handle(
        update_id=9, telegram_user_id=424242, chat_id=424242, event=Command("start")
    )
    (row,) = await pending_rows(app)
    assert b"424242" not in row.chat_id_enc and b"Welcome" not in row.actions_enc


async def test_forget_removes_pending_replies(app: Application) -> None:
    service = app.conversations
    await service.handle(update_id=11, telegram_user_id=8, chat_id=8, event=Command("start"))
    await service.handle(update_id=12, telegram_user_id=8, chat_id=8, event=Command("forget"))
    assert await pending_rows(app) == []
