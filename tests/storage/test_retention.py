"""The record of handled updates is kept only as long as Telegram can redeliver one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.app import Application
from bot.flows.events import Command
from bot.storage.models import ProcessedUpdate
from bot.storage.retention import UPDATE_MEMORY, sweep_if_due
from bot.storage.types import utcnow


async def _age(app: Application, update_id: int, by: timedelta) -> None:
    async with app.sessionmaker() as session, session.begin():
        await session.exec(  # type: ignore[call-overload]
            update(ProcessedUpdate)
            .where(col(ProcessedUpdate.update_id) == update_id)
            .values(processed_at=utcnow() - by)
        )


async def test_an_update_id_handled_days_ago_is_answered_when_telegram_reuses_it(
    app: Application,
) -> None:
    """After a week without updates Telegram picks a random next id; one that matches an
    old record must not be skipped as a redelivery (she would get no answer)."""
    service = app.conversations
    await service.handle(update_id=41, telegram_user_id=7, chat_id=7, event=Command("start"))
    await service.remember_sent(telegram_user_id=7, message_ids=[100], update_id=41)
    await service.handle(update_id=42, telegram_user_id=8, chat_id=8, event=Command("start"))
    await service.remember_sent(telegram_user_id=8, message_ids=[101], update_id=42)
    await _age(app, 41, UPDATE_MEMORY + timedelta(hours=1))
    await _age(app, 42, timedelta(hours=20))  # still redeliverable

    assert (
        await service.handle(update_id=41, telegram_user_id=9, chat_id=9, event=Command("start"))
    ).duplicate

    report = await sweep_if_due(engine=app.engine, sessionmaker=app.sessionmaker)
    assert report.expired is not None and report.expired.updates == 1
    async with app.sessionmaker() as session:
        kept = (await session.exec(select(ProcessedUpdate.update_id))).all()
    assert sorted(kept) == [42]

    reused = await service.handle(
        update_id=41, telegram_user_id=9, chat_id=9, event=Command("start")
    )
    assert not reused.duplicate and reused.actions
    redelivered = await service.handle(
        update_id=42, telegram_user_id=8, chat_id=8, event=Command("start")
    )
    assert redelivered.duplicate
