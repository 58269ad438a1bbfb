"""Quick exit and /forget: her chat is emptied; /forget also deletes everything about her."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.repositories import cases as case_repo
from bot.storage.repositories import relay as relay_repo
from bot.storage.repositories import survivors as survivor_repo


async def do_clear_chat(*, session: AsyncSession, survivor_id: uuid.UUID) -> list[int]:
    """The ids of the messages to delete from her chat (and forget that they existed);
    files she sent that are not part of a sent case are deleted with them."""
    await relay_repo.drop_unattached_evidence(session=session, survivor_id=survivor_id)
    return await survivor_repo.take_message_ids(session=session, survivor_id=survivor_id)


async def do_forget_survivor(*, session: AsyncSession, survivor_id: uuid.UUID) -> list[int]:
    """Withdraw and destroy her cases, delete her rows; returns her chat's message ids."""
    message_ids = await survivor_repo.take_message_ids(session=session, survivor_id=survivor_id)
    await case_repo.forget_survivor(session=session, survivor_id=survivor_id)
    return message_ids
