"""Demonstration accounts for the sandbox: one caseworker per demo partner and an admin.

Sandbox only: the passwords are fixed and printed, so never call this elsewhere.
Each demo partner gets keys; the admin is a member of every demo service so
they can add people from the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.routing.partners import PartnerService
from bot.services import accounts as account_service
from bot.services import key_admin
from bot.services.keys import KdfParams
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import service_keys as key_repo

ADMIN_EMAIL = "admin@sandbox.test"
DEMO_PASSWORD = "sandbox-demo-password"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    services: tuple[str, ...]


async def seed_demo_accounts(
    sessionmaker: async_sessionmaker[AsyncSession],
    partners: tuple[PartnerService, ...],
    params: KdfParams,
) -> list[DemoAccount]:
    """Create what is missing (idempotent); return every demo account's credentials."""
    demo = [p for p in partners if p.demonstration]
    result = [DemoAccount(ADMIN_EMAIL, DEMO_PASSWORD, "admin", tuple(p.id for p in demo))]
    async with sessionmaker() as session, session.begin():
        admin = await account_repo.find_account(session=session, email=ADMIN_EMAIL)
        if admin is None:
            created = await account_service.create_account(
                session=session,
                email=ADMIN_EMAIL,
                display_name="Sandbox admin",
                password=DEMO_PASSWORD,
                params=params,
                is_admin=True,
            )
            admin = created.account
        admin_private = account_service.unlock(admin, DEMO_PASSWORD)
        for partner in demo:
            email = "caseworker@{}.sandbox.test".format(partner.id)
            result.append(DemoAccount(email, DEMO_PASSWORD, "caseworker", (partner.id,)))
            worker = await account_repo.find_account(session=session, email=email)
            if worker is None:
                worker = (
                    await account_service.create_account(
                        session=session,
                        email=email,
                        display_name="Caseworker ({})".format(partner.id),
                        password=DEMO_PASSWORD,
                        params=params,
                    )
                ).account
            if await key_repo.active_service_key(session=session, service_id=partner.id) is None:
                await key_admin.create_service_keys(
                    session=session,
                    service_id=partner.id,
                    grant_to=[admin, worker],
                    added_by="sandbox",
                )
            elif (
                await account_repo.membership(
                    session=session, account_id=worker.id, service_id=partner.id
                )
                is None
            ):
                service_private = await key_admin.service_private(
                    session=session,
                    account=admin,
                    account_private=admin_private,
                    service_id=partner.id,
                )
                if service_private is not None:
                    await key_admin.grant_service(
                        session=session,
                        service_id=partner.id,
                        service_private=service_private,
                        account=worker,
                        added_by="sandbox",
                    )
    return result
