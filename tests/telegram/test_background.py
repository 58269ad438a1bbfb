"""The bot process's own loop runs the retention sweep: an abandoned draft expires
without cron, on the schedule kept in the database."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import cast

import pytest
from sqlmodel import select

from bot.app import Application
from bot.flows.events import Command, Press
from bot.storage.models import Conversation, Survivor
from bot.storage.types import utcnow
from bot.telegram import background
from bot.telegram.background import background_work
from bot.telegram.delivery import BotPort


async def test_the_background_loop_expires_an_abandoned_draft(
    app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "RETENTION_EVERY", 0.2)
    service = app.conversations
    await service.handle(update_id=1, telegram_user_id=640, chat_id=640, event=Command("start"))
    await service.handle(update_id=2, telegram_user_id=640, chat_id=640, event=Press("language:en"))
    month_ago = utcnow() - timedelta(days=app.settings.draft_retention_days + 1)
    async with app.sessionmaker() as session, session.begin():
        for survivor in (await session.exec(select(Survivor))).all():
            survivor.last_seen_at = month_ago
            session.add(survivor)
        for conversation in (await session.exec(select(Conversation))).all():
            conversation.updated_at = month_ago
            session.add(conversation)
    nothing_to_send = cast(BotPort, object())  # no reply, question or alert is due
    async with background_work(app, nothing_to_send):
        for _ in range(100):
            async with app.sessionmaker() as session:
                if not (await session.exec(select(Conversation))).all():
                    break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("the abandoned draft was not expired by the bot's own loop")
