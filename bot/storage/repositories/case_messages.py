"""Messages between a survivor and the caseworkers of her case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import CaseMessage


async def add_case_message(
    *,
    session: AsyncSession,
    case_id: uuid.UUID,
    author: str,
    body_enc: bytes,
    author_label: str = "",
) -> CaseMessage:
    message = CaseMessage(
        case_id=case_id, author=author, body_enc=body_enc, author_label=author_label
    )
    session.add(message)
    await session.flush()
    return message


async def messages_of_case(*, session: AsyncSession, case_id: uuid.UUID) -> Sequence[CaseMessage]:
    return (
        await session.exec(
            select(CaseMessage)
            .where(CaseMessage.case_id == case_id)
            .order_by(CaseMessage.created_at)  # type: ignore[arg-type]
        )
    ).all()
