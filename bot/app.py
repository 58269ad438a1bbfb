"""Builds the application from settings: engine, keys, catalogues, routing, classifier.

This is the one place where the parts are wired together; transports and the
portal receive an `Application` and never build their own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.context import Limits
from bot.i18n import Catalogues, default_locales_dir
from bot.services.assessment import Assessor
from bot.services.conversations import CaseSubmittedHook, ConversationService
from bot.services.flood import build_flood_guard
from bot.services.routing_port import DirectoryRouting
from bot.services.send_limits import build_send_limiter
from bot.settings import Settings
from bot.storage.crypto import Keyring
from bot.storage.engine import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.repositories.steps_pg import PgSteps
from classifiers.protocol import SeverityClassifier

log = logging.getLogger(__name__)


@dataclass
class Application:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    keyring: Keyring
    catalogues: Catalogues
    routing: DirectoryRouting
    assessor: Assessor
    conversations: ConversationService

    async def close(self) -> None:
        self.assessor.close()
        if self.conversations.pg_steps is not None:
            await self.conversations.pg_steps.close()
        await self.engine.dispose()


def build_classifier(settings: Settings) -> SeverityClassifier:
    from classifiers.factory import build_classifier as factory

    return factory(
        settings.classifier, encoder=settings.encoder, cache_dir=settings.model_cache_dir
    )


def limits_from(settings: Settings) -> Limits:
    return Limits(
        max_text_chars=settings.max_text_chars,
        max_file_bytes=settings.max_file_bytes,
        max_narrative_parts=settings.max_narrative_parts,
        max_evidence_files=settings.max_evidence_files,
    )


async def build_application(
    settings: Settings,
    *,
    classifier: SeverityClassifier | None = None,
    migrate: bool = True,
    locales_dir: Path | None = None,
    on_case_submitted: CaseSubmittedHook | None = None,
) -> Application:
    if migrate:
        await upgrade_to_head_async(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    keyring = Keyring(settings.secret_bytes)
    catalogues = Catalogues(locales_dir or default_locales_dir())
    routing = DirectoryRouting.from_settings(settings)
    assessor = Assessor(classifier or build_classifier(settings))
    assessor.warm_up()
    pg_steps = (
        await PgSteps.connect(settings.database_url)
        if engine.dialect.name == "postgresql"
        else None
    )
    conversations = ConversationService(
        sessionmaker=sessionmaker,
        keyring=keyring,
        catalogues=catalogues,
        routing=routing,
        assessor=assessor,
        limits=limits_from(settings),
        on_case_submitted=on_case_submitted,
        send_limiter=build_send_limiter(
            redis_url=settings.redis_url,
            secret=settings.secret_bytes,
            chat_burst=settings.send_chat_burst,
            chat_rate=settings.send_chat_rate,
            overall_rate=settings.send_overall_rate,
        ),
        flood_guard=build_flood_guard(
            redis_url=settings.redis_url,
            limit=settings.flood_limit,
            window_seconds=settings.flood_window_seconds,
        ),
        pg_steps=pg_steps,
    )
    return Application(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        keyring=keyring,
        catalogues=catalogues,
        routing=routing,
        assessor=assessor,
        conversations=conversations,
    )
