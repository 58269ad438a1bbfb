"""Portal accounts, their service memberships and their sessions."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, or_, update
from sqlmodel import col, select
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


async def end_other_sessions(*, session: AsyncSession, account_id: uuid.UUID, keep: str) -> None:
    """Sign the account out everywhere but in the session `keep` (a password change)."""
    await session.exec(  # type: ignore[call-overload]
        delete(PortalSession)
        .where(col(PortalSession.account_id) == account_id)
        .where(col(PortalSession.id) != keep)
    )


class Attempt(enum.Enum):
    REFUSED = "refused"  # the account is locked: no password is checked
    COUNTED = "counted"
    LOCKS = "locks"  # this attempt reached the limit: the account is locked from now


async def count_sign_in_attempt(
    *,
    session: AsyncSession,
    account_id: uuid.UUID,
    now: datetime,
    limit: int,
    lock_until: datetime,
) -> Attempt:
    """Count an attempt before its password is checked, in one statement.

    Concurrent attempts serialise on the row, so at most `limit` passwords are
    checked before the lock holds (a read-then-write let 32 of 40 through). A
    successful sign-in resets the count (`sign_in_succeeded`).
    """
    reaches = col(Account.failed_logins) + 1 >= limit
    row = (
        await session.exec(  # type: ignore[call-overload]
            update(Account)
            .where(col(Account.id) == account_id)
            .where(or_(col(Account.locked_until).is_(None), col(Account.locked_until) <= now))
            .values(
                failed_logins=case((reaches, 0), else_=col(Account.failed_logins) + 1),
                locked_until=case((reaches, lock_until), else_=None),
            )
            .returning(col(Account.locked_until))
        )
    ).first()
    if row is None:
        return Attempt.REFUSED
    return Attempt.COUNTED if row[0] is None else Attempt.LOCKS


async def sign_in_succeeded(*, session: AsyncSession, account_id: uuid.UUID, now: datetime) -> None:
    await session.exec(  # type: ignore[call-overload]
        update(Account)
        .where(col(Account.id) == account_id)
        .values(failed_logins=0, locked_until=None, last_login_at=now)
    )


async def accept_totp_step(*, session: AsyncSession, account_id: uuid.UUID, step: int) -> bool:
    """Record the time step of an accepted code; False when it (or a later one) was used."""
    result = await session.exec(  # type: ignore[call-overload]
        update(Account)
        .where(col(Account.id) == account_id)
        .where(col(Account.totp_last_step) < step)
        .values(totp_last_step=step)
    )
    return bool(result.rowcount == 1)
