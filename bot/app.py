"""Builds the application from settings: engine, keys, catalogues, routing, classifier,
the step store, and the services that use them.

This is the one place where the parts are wired together (and the one place that
chooses how a step is stored: on PostgreSQL the asyncpg fast path, otherwise one
transaction per step); transports and the portal receive the `Application` and
never build their own.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.context import Limits, PrivacyFacts
from bot.i18n import Catalogues, default_locales_dir
from bot.routing.directory import load_directory
from bot.routing.partners import demo_partners_path, load_partners
from bot.routing.port import DirectoryRouting
from bot.services.application import Application
from bot.services.assessment import Assessor
from bot.services.conversations import ConversationService
from bot.services.deep_links import DeepLinks
from bot.services.delivery import DeliveryService
from bot.services.effects import StepEffects
from bot.services.flood import build_flood_guard
from bot.services.quiet_sweep import QuietSweep
from bot.services.sealing import CaseSealer, partners_without_keys
from bot.services.send_limits import build_send_limiter
from bot.services.step_store import StepSealing, StepStore, TransactionalStepStore
from bot.services.step_store_pg import PgStepStore
from bot.services.translation_refresh import TranslationRefresher
from bot.settings import Environment, Settings, SettingsError
from bot.storage.crypto import Keyring
from bot.storage.engine import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.repositories.steps_pg import PgSteps
from classifiers.protocol import SeverityClassifier

__all__ = ["Application", "build_application", "require_keys_in_production"]

log = logging.getLogger(__name__)


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


def privacy_facts(settings: Settings) -> PrivacyFacts:
    """What /privacy tells her about this deployment."""
    return PrivacyFacts(
        controller=settings.data_controller,
        contact=settings.data_contact,
        draft_days=settings.draft_retention_days,  # the sweep deletes abandoned drafts
        quiet_hours=settings.quiet_period_hours,  # the welcome says when her chat clears
    )


def build_routing(settings: Settings) -> DirectoryRouting:
    """Partners come from the deployment's file; the sandbox uses demonstration ones."""
    path: Path | None = settings.partners_file
    if path is None and settings.environment is not Environment.PRODUCTION:
        path = demo_partners_path()
    partners = load_partners(path) if path is not None else ()
    return DirectoryRouting(
        directory=load_directory(),
        partners=partners,
        show_unverified=settings.show_unverified_services,
    )


async def build_step_store(
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    *,
    keyring: Keyring,
    effects: StepEffects,
) -> StepStore:
    """One transaction per step; on PostgreSQL the common step in two asyncpg statements."""
    transactional = TransactionalStepStore(
        sessionmaker=sessionmaker, cipher=keyring.content, effects=effects
    )
    if engine.dialect.name != "postgresql":
        return transactional
    return PgStepStore(steps=await PgSteps.connect(database_url), transactional=transactional)


def build_delivery(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    keyring: Keyring,
    catalogues: Catalogues,
    routing: DirectoryRouting,
) -> DeliveryService:
    from bot.web.config import portal_config

    return DeliveryService(
        sessionmaker=sessionmaker,
        keyring=keyring,
        delivery_secret=settings.secret_bytes,
        catalogues=catalogues,
        partner_name=routing.partner_name,
        alert_chats={p.id: p.alert_chat_id for p in routing.partners},
        portal_url=portal_config(settings).public_url,
    )


async def build_application(
    settings: Settings,
    *,
    classifier: SeverityClassifier | None = None,
    migrate: bool = True,
    locales_dir: Path | None = None,
) -> Application:
    if migrate:
        await upgrade_to_head_async(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    keyring = Keyring(settings.secret_bytes)
    catalogues = Catalogues(locales_dir or default_locales_dir())
    routing = build_routing(settings)
    assessor = Assessor(classifier or build_classifier(settings))
    assessor.warm_up()
    # Cases are sealed to the partner's public key; the bot cannot open them again.
    effects = StepEffects(
        cipher=keyring.content,
        sealer=CaseSealer(keyring.content),
        catalogues=catalogues,
        routing=routing,
        delivery_secret=settings.secret_bytes,
    )
    store = await build_step_store(
        engine, sessionmaker, settings.database_url, keyring=keyring, effects=effects
    )
    conversations = ConversationService(
        store=store,
        identity=keyring.identity.survivor_key,
        catalogues=catalogues,
        routing=routing,
        assessor=assessor,
        limits=limits_from(settings),
        privacy=privacy_facts(settings),
        deep_links=DeepLinks.from_secret(settings.secret_bytes),
        partners=routing.partners,
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
        delivery=build_delivery(
            settings, sessionmaker, keyring=keyring, catalogues=catalogues, routing=routing
        ),
        translations=TranslationRefresher(
            sessionmaker=sessionmaker,
            catalogues=catalogues,
            locales=catalogues.locales_dir,
            redis_url=settings.redis_url,
        ),
        quiet=QuietSweep(
            sessionmaker=sessionmaker,
            sealing=StepSealing(keyring.content),
            period=timedelta(hours=settings.quiet_period_hours),
        ),
    )


async def require_keys_in_production(app: Application) -> None:
    """Outside the sandbox and tests, refuse to run while any partner lacks keys."""
    if app.settings.environment is not Environment.PRODUCTION:
        return
    async with app.sessionmaker() as session:
        missing = await partners_without_keys(
            session=session, partner_ids=[p.id for p in app.routing.partners]
        )
    if missing:
        raise SettingsError(
            "These partner services have no encryption keys: {}. Create them with "
            "`safe-report keys create --service ID --grant EMAIL` (or a custodian key with "
            "`safe-report keys custodian`) before starting the bot; see docs/keys.md.".format(
                ", ".join(missing)
            )
        )
