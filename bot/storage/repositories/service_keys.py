"""Service key pairs (public halves) and the deployment's own public keys."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.portal_models import DeploymentKey, ServiceKey
from bot.storage.types import utcnow

DELIVERY = "delivery"
CUSTODIAN = "custodian"


async def active_service_key(*, session: AsyncSession, service_id: str) -> ServiceKey | None:
    return (
        await session.exec(
            select(ServiceKey)
            .where(ServiceKey.service_id == service_id)
            .where(ServiceKey.active == True)  # noqa: E712
        )
    ).first()


async def active_service_keys(*, session: AsyncSession) -> Sequence[ServiceKey]:
    return (await session.exec(select(ServiceKey).where(ServiceKey.active == True))).all()  # noqa: E712


async def add_service_key(
    *,
    session: AsyncSession,
    service_id: str,
    public_key: bytes,
    fingerprint: str,
    recovery_wrapped: bytes,
) -> ServiceKey:
    """Make a new key the service's active one; the previous key is retired."""
    previous = await active_service_key(session=session, service_id=service_id)
    if previous is not None:
        previous.active = False
        previous.retired_at = utcnow()
        session.add(previous)
        await session.flush()
    key = ServiceKey(
        service_id=service_id,
        public_key=public_key,
        fingerprint=fingerprint,
        recovery_wrapped=recovery_wrapped,
    )
    session.add(key)
    await session.flush()
    return key


async def deployment_key(*, session: AsyncSession, purpose: str) -> DeploymentKey | None:
    return await session.get(DeploymentKey, purpose)


async def put_deployment_key(
    *,
    session: AsyncSession,
    purpose: str,
    public_key: bytes,
    fingerprint: str,
    recovery_wrapped: bytes | None = None,
) -> DeploymentKey:
    row = await session.get(DeploymentKey, purpose)
    if row is None:
        row = DeploymentKey(purpose=purpose, public_key=public_key, fingerprint=fingerprint)
    row.public_key = public_key
    row.fingerprint = fingerprint
    row.recovery_wrapped = recovery_wrapped
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()
    return row
