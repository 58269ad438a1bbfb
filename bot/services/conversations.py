"""Runs one inbound update through the report flow, exactly once.

For every update: flood control (leaving and deleting are never limited), her
lock (one update of hers at a time in this process), the classifier on what she
wrote, then the step store, retried when another replica wrote her state first.
What the step does to her data and her case is `bot.services.effects`; where it
is stored, and how, is the `StepStore` that `bot.app` chose.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError

from bot.flows import notices, report
from bot.flows.actions import SendDocument
from bot.flows.commands import never_limited
from bot.flows.context import FlowContext, Limits, PrivacyFacts, RoutingPort, TranslatorLike
from bot.flows.documents import Document
from bot.flows.events import Command, FileReceived, Inbound, Text
from bot.flows.state import ConversationState
from bot.i18n import Catalogues, language_from_telegram
from bot.routing.partners import PartnerService
from bot.services.assessment import Assessor
from bot.services.deep_links import DeepLinks
from bot.services.flood import FloodGuard, MemoryFloodGuard, Verdict
from bot.services.outcome import Outbound, Outcome, SendFile
from bot.services.references import new_reference
from bot.services.send_limits import MemorySendLimiter, SendLimiter
from bot.services.step_store import StepRequest, StepStore
from bot.services.step_store_pg import PgStepStore
from bot.storage.repositories.steps_pg import PgSteps
from bot.storage.repositories.survivors import StaleState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _is_conflict(exc: DBAPIError) -> bool:
    """A deadlock or serialisation failure between two replicas: retrying is the cure."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in {"40P01", "40001"}


def _render_pdf(document: Document) -> bytes:
    """fpdf2 is imported on her first /copy, not when the bot starts (seconds on a busy host)."""
    from bot.services.evidence_pack import render_pdf

    return render_pdf(document)


class ConversationService:
    def __init__(
        self,
        *,
        store: StepStore,
        identity: Callable[[int], str],
        catalogues: Catalogues,
        routing: RoutingPort,
        assessor: Assessor,
        limits: Limits | None = None,
        clock: Callable[[], datetime] | None = None,
        reference_factory: Callable[[], str] = new_reference,
        id_factory: Callable[[], str] = lambda: str(uuid.uuid4()),
        flood_guard: FloodGuard | None = None,
        send_limiter: SendLimiter | None = None,
        lay_out: Callable[[Document], bytes] | None = None,
        privacy: PrivacyFacts | None = None,
        deep_links: DeepLinks | None = None,
        partners: Sequence[PartnerService] = (),
    ) -> None:
        self.store = store
        self._deep_links = deep_links
        self._partners = tuple(partners)
        self._lay_out_document = lay_out or _render_pdf
        self._identity = identity  # her Telegram user id -> her keyed hash
        self._catalogues = catalogues
        self._assessor = assessor
        self._ctx = FlowContext(
            translator=catalogues.translator,
            routing=routing,
            now=clock or (lambda: datetime.now(UTC)),
            new_id=id_factory,
            new_reference=reference_factory,
            limits=limits or Limits(),
            privacy=privacy or PrivacyFacts(),
        )
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._flood = flood_guard or MemoryFloodGuard(limit=60, window_seconds=10.0)
        # How fast transports may send: Telegram's per-chat and overall limits.
        self.send_limiter: SendLimiter = send_limiter or MemorySendLimiter()

    @property
    def pg_steps(self) -> PgSteps | None:
        """The fast path's statements, when the store has one."""
        return self.store.steps if isinstance(self.store, PgStepStore) else None

    @property
    def limits(self) -> Limits:
        return self._ctx.limits

    @property
    def privacy(self) -> PrivacyFacts:
        return self._ctx.privacy

    def translator(self, language: str | None) -> TranslatorLike:
        return self._catalogues.translator(language)

    def _lock_for(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def language_of(self, *, telegram_user_id: int, hint: str | None) -> str:
        known = await self.store.known_survivor(self._identity(telegram_user_id))
        return known.language if known else language_from_telegram(hint)

    async def handle(
        self,
        *,
        update_id: int,
        telegram_user_id: int,
        chat_id: int,
        event: Inbound,
        incoming_message_id: int | None = None,
        language_hint: str | None = None,
    ) -> Outcome:
        key = self._identity(telegram_user_id)
        if not never_limited(event):
            verdict = await self._flood.check(key)
            if verdict is not Verdict.ALLOW:
                return await self._flooded(telegram_user_id, language_hint, verdict)
        request = StepRequest(key, update_id, chat_id, incoming_message_id, language_hint)
        async with self._lock_for(key):
            event = await self._enrich(event)

            def advance(state: ConversationState) -> report.Result:
                return report.step(state, event, self._ctx)

            for attempt in range(MAX_ATTEMPTS):
                try:
                    return await self._lay_out(await self.store.take_step(request, advance))
                except StaleState:
                    log.info("conversation changed concurrently; retry %d", attempt + 1)
                except DBAPIError as exc:
                    if not _is_conflict(exc):
                        raise
                    log.info("concurrent steps conflicted in the database; retry %d", attempt + 1)
                    await asyncio.sleep(0.01 * (attempt + 1))
            raise RuntimeError("conversation kept changing; giving up on this update")

    async def _flooded(self, user_id: int, hint: str | None, verdict: Verdict) -> Outcome:
        """Over the limit: one calm message in her language, then nothing, nothing stored."""
        if verdict is Verdict.DROP:
            return Outcome(duplicate=True)
        language = await self.language_of(telegram_user_id=user_id, hint=hint)
        return Outcome(actions=[notices.flood(self._catalogues.translator(language))])

    async def _enrich(self, event: Inbound) -> Inbound:
        if isinstance(event, Command) and event.name == "start" and event.args:
            # A partner's link: the flow gets what it chose only if the signature holds.
            entry = None
            if self._deep_links is not None:
                entry = self._deep_links.read(event.args, self._partners)
            return dataclasses.replace(event, args="", entry=entry, link_refused=entry is None)
        if isinstance(event, Text) and event.text.strip():
            assessment = await self._assessor.assess(event.text[:4096])
            return dataclasses.replace(event, assessment=assessment)
        if isinstance(event, FileReceived) and event.caption:
            assessment = await self._assessor.assess(event.caption[:4096])
            return dataclasses.replace(event, caption_assessment=assessment)
        return event

    async def _lay_out(self, outcome: Outcome) -> Outcome:
        """Her documents as PDFs, laid out off the event loop after the step was stored
        (the stored pending answer keeps the document's words, never the PDF)."""
        if not any(isinstance(action, SendDocument) for action in outcome.actions):
            return outcome
        laid_out: list[Outbound] = []
        for action in outcome.actions:
            if isinstance(action, SendDocument):
                data = await asyncio.to_thread(self._lay_out_document, action.document)
                action = SendFile(
                    action.document.file_name, data, action.caption, action.buttons, action.step
                )
            laid_out.append(action)
        outcome.actions = laid_out
        return outcome

    async def stale_pending(self) -> list[tuple[int, int, Outcome]]:
        """Answers whose sender died: (update id, chat id, outcome) to send now."""
        return [
            (update_id, chat_id, await self._lay_out(outcome))
            for update_id, chat_id, outcome in await self.store.owed_answers()
        ]

    async def remember_sent(
        self,
        *,
        telegram_user_id: int,
        message_ids: list[int],
        update_id: int | None = None,
        survivor_id: uuid.UUID | None = None,
    ) -> None:
        """Record ids of messages the bot sent her (quick exit deletes them); clear the pending."""
        if update_id is None and not message_ids:
            return
        if survivor_id is None and message_ids:
            known = await self.store.known_survivor(self._identity(telegram_user_id))
            survivor_id = known.id if known is not None else None
        await self.store.acknowledge(
            update_id=update_id, survivor_id=survivor_id, message_ids=message_ids
        )
