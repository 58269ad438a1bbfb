"""What the portal's request handlers share: built once by `create_portal_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogues
from bot.routing.partners import PartnerService
from bot.web.config import PortalConfig
from bot.web.signin import KdfPool, SignInGate


@dataclass(frozen=True)
class NavLink:
    label: str  # English, marked with P_: the page shows it in the viewer's language
    path: str


@dataclass
class PortalState:
    config: PortalConfig
    sessionmaker: async_sessionmaker[AsyncSession]
    partners: dict[str, PartnerService]
    templates: Jinja2Templates
    catalogues: Catalogues
    admin_nav: list[NavLink] = field(default_factory=list)
    kdf: KdfPool = field(default_factory=lambda: KdfPool(2))
    sign_ins: SignInGate = field(default_factory=lambda: SignInGate(per_address=3, at_once=16))

    def service_name(self, service_id: str) -> str:
        partner = self.partners.get(service_id)
        return partner.name if partner else service_id


def portal_state(request: Request) -> PortalState:
    state: PortalState = request.app.state.portal
    return state
