"""What the bot seals a case to: the partner's public key, never anything it can open.

Order of preference when a survivor consents:
1. the partner service's active key;
2. the deployment's custodian key (an administrator's recovery key) when the
   partner has no key yet: the case is kept, sealed, and moved to the service
   once its keys exist (`safe-report keys create` asks for the custodian code);
3. with neither (an unconfigured development or test database), the bot's own
   symmetric key as before, with a warning; `safe-report run` refuses to start
   in production while any partner is in this state (`partners_without_keys`,
   checked by `bot.app.require_keys_in_production`; see docs/keys.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import keys
from bot.storage.crypto import ContentCipher
from bot.storage.repositories import service_keys as key_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Whom a blob is sealed to: a service's key, the custodian, or (None) the bot."""

    public_key: bytes | None
    fingerprint: str
    kind: str  # "service", "custodian", "legacy"


class CaseSealer:
    """Seals case items for a service; looked up per submission, so rotation takes effect."""

    def __init__(self, legacy: ContentCipher) -> None:
        self._legacy = legacy

    async def recipient(self, *, session: AsyncSession, service_id: str) -> Recipient:
        key = await key_repo.active_service_key(session=session, service_id=service_id)
        if key is not None:
            return Recipient(key.public_key, key.fingerprint, "service")
        custodian = await key_repo.deployment_key(session=session, purpose=key_repo.CUSTODIAN)
        if custodian is not None:
            log.warning("partner %s has no keys: case sealed to the custodian key", service_id)
            return Recipient(custodian.public_key, custodian.fingerprint, "custodian")
        log.warning("partner %s has no keys and no custodian key exists", service_id)
        return Recipient(None, "", "legacy")

    def seal(self, recipient: Recipient, data: bytes, *, aad: bytes) -> bytes:
        if recipient.public_key is None:
            return self._legacy.encrypt(data, aad=aad)
        return keys.seal(recipient.public_key, data, aad=aad)


async def partners_without_keys(*, session: AsyncSession, partner_ids: list[str]) -> list[str]:
    """Partners whose cases would fall back to the bot's own key (no service key, no custodian)."""
    if await key_repo.deployment_key(session=session, purpose=key_repo.CUSTODIAN) is not None:
        return []
    keyed = {k.service_id for k in await key_repo.active_service_keys(session=session)}
    return [pid for pid in partner_ids if pid not in keyed]
