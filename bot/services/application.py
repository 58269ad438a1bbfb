"""The parts one process runs with, as `bot.app` built them.

Transports, the portal and the commands receive an `Application`; no service takes
one (each gets exactly what it needs from `bot.app`), which
tests/test_architecture.py checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogues
from bot.routing.port import DirectoryRouting
from bot.services.assessment import Assessor
from bot.services.conversations import ConversationService
from bot.services.delivery import DeliveryService
from bot.services.quiet_sweep import QuietSweep
from bot.services.translation_refresh import TranslationRefresher
from bot.settings import Settings
from bot.storage.crypto import Keyring


@dataclass
class Application:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    keyring: Keyring
    catalogues: Catalogues
    routing: DirectoryRouting
    assessor: Assessor
    conversations: ConversationService  # her updates, one step each
    delivery: DeliveryService  # caseworker replies, transfer questions, alerts
    translations: TranslationRefresher  # the editor's changes, without a restart
    quiet: QuietSweep  # clears her chat after the quiet period

    async def close(self) -> None:
        self.assessor.close()
        await self.conversations.store.close()
        await self.engine.dispose()
