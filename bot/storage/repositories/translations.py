"""Translation overrides and their history: every write goes through `record`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.translation_models import TranslationChange, TranslationOverride, entry_key
from bot.storage.types import utcnow


@dataclass(frozen=True)
class NewState:
    """What a string becomes: text None means the file's text; `derived` marks sr_Latn copies."""

    text: str | None
    plural_texts: list[str] | None
    status: str
    derived: bool = False


async def get_override(
    *, session: AsyncSession, language: str, key: str
) -> TranslationOverride | None:
    return (
        await session.exec(
            select(TranslationOverride)
            .where(TranslationOverride.language == language)
            .where(TranslationOverride.key == key)
        )
    ).first()


async def overrides_of(*, session: AsyncSession, language: str) -> Sequence[TranslationOverride]:
    return (
        await session.exec(
            select(TranslationOverride).where(TranslationOverride.language == language)
        )
    ).all()


async def all_overrides(*, session: AsyncSession) -> Sequence[TranslationOverride]:
    return (await session.exec(select(TranslationOverride))).all()


async def signature(*, session: AsyncSession) -> tuple[int, int]:
    """Changes whenever any row is added or edited (each edit raises a row's version)."""
    row = (
        await session.exec(
            select(
                func.count(col(TranslationOverride.id)),
                func.coalesce(func.sum(col(TranslationOverride.version)), 0),
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def record(
    *,
    session: AsyncSession,
    language: str,
    context: str,
    msgid: str,
    new: NewState,
    file_status: str,
    by: str,
    kind: str,
    reverts: uuid.UUID | None = None,
) -> TranslationChange:
    """Apply `new` to the override row and write the change beside it (one transaction)."""
    key = entry_key(context, msgid)
    row = await get_override(session=session, language=language, key=key)
    change = TranslationChange(
        language=language,
        key=key,
        context=context,
        msgid=msgid,
        kind=kind,
        before_text=row.text if row else None,
        before_plural=row.plural_texts if row else None,
        before_status=row.status if row else file_status,
        after_text=new.text,
        after_plural=new.plural_texts,
        after_status=new.status,
        changed_by=by,
        reverts=reverts,
    )
    if row is None:
        row = TranslationOverride(language=language, key=key, context=context, msgid=msgid)
    else:
        row.version += 1
    row.text = new.text
    row.plural_texts = new.plural_texts
    row.status = new.status
    row.derived = new.derived
    row.updated_by = by
    row.updated_at = utcnow()
    session.add(row)
    session.add(change)
    await session.flush()
    return change


async def history(
    *, session: AsyncSession, language: str, key: str | None = None, limit: int = 200
) -> Sequence[TranslationChange]:
    query = select(TranslationChange).where(TranslationChange.language == language)
    if key is not None:
        query = query.where(TranslationChange.key == key)
    return (
        await session.exec(query.order_by(col(TranslationChange.changed_at).desc()).limit(limit))
    ).all()


async def get_change(*, session: AsyncSession, change_id: uuid.UUID) -> TranslationChange | None:
    return await session.get(TranslationChange, change_id)
