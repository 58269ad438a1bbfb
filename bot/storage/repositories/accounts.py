"""Portal accounts, their service memberships and their sessions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.portal_models import Account, Membership, PortalSession


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def find_account(*, session: AsyncSession, email: str) -> Account | None:
    return (
        await session.exec(select(Account).where(Account.email == normalise_email(email)))
    ).first()


async def get_account(*, session: AsyncSession, account_id: uuid.UUID) -> Account | None:
    return await session.get(Account, account_id)


async def all_accounts(*, session: AsyncSession) -> Sequence[Account]:
    return (await session.exec(select(Account).order_by(Account.email))).all()  # type: ignore[arg-type]


async def memberships_of(*, session: AsyncSession, account_id: uuid.UUID) -> Sequence[Membership]:
    return (
        await session.exec(
            select(Membership)
            .where(Membership.account_id == account_id)
            .order_by(Membership.service_id)  # type: ignore[arg-type]
        )
    ).all()


async def members_of(*, session: AsyncSession, service_id: str) -> Sequence[Membership]:
    return (await session.exec(select(Membership).where(Membership.service_id == service_id))).all()


async def membership(
    *, session: AsyncSession, account_id: uuid.UUID, service_id: str
) -> Membership | None:
    return (
        await session.exec(
            select(Membership)
            .where(Membership.account_id == account_id)
            .where(Membership.service_id == service_id)
        )
    ).first()


async def remove_membership(
    *, session: AsyncSession, account_id: uuid.UUID, service_id: str
) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(Membership)
        .where(Membership.account_id == account_id)  # type: ignore[arg-type]
        .where(Membership.service_id == service_id)  # type: ignore[arg-type]
    )


async def add_session(*, session: AsyncSession, row: PortalSession) -> None:
    session.add(row)
    await session.flush()


async def get_session(*, session: AsyncSession, token_hash: str) -> PortalSession | None:
    return await session.get(PortalSession, token_hash)


async def end_session(*, session: AsyncSession, token_hash: str) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(PortalSession).where(PortalSession.id == token_hash)  # type: ignore[arg-type]
    )


async def end_sessions_of(*, session: AsyncSession, account_id: uuid.UUID) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(PortalSession).where(PortalSession.account_id == account_id)  # type: ignore[arg-type]
    )


async def purge_expired_sessions(*, session: AsyncSession, now: datetime) -> None:
    await session.exec(  # type: ignore[call-overload]
        delete(PortalSession).where(PortalSession.expires_at < now)  # type: ignore[arg-type]
    )
