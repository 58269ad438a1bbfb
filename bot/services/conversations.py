"""Runs one inbound event through the report flow, with storage, exactly once.

For every update: claim its id (a redelivery is skipped), load and decrypt her
state, run the flow, carry out storage actions, and save the state with a version
check (a concurrent writer on another replica forces a retry), all or nothing.
Only then are messages sent; the answer is kept as "pending" until they were.

On PostgreSQL the common step (it only answers her and moves her on) is one read
and one self-contained statement that claims and writes together (`steps_pg`);
every other step, and every step on SQLite, is one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.domain import Category, Severity
from bot.flows import report
from bot.flows.actions import (
    Action,
    AnswerCallback,
    AnswerTransfer,
    ClearChat,
    DropEvidence,
    EditPressed,
    ForgetSurvivor,
    LeaveChat,
    QueryStatus,
    ReplyToCase,
    Send,
    StoreEvidence,
    SubmitCase,
)
from bot.flows.context import FlowContext, Limits, RoutingPort, TranslatorLike
from bot.flows.events import Command, FileReceived, Inbound, Press, Text
from bot.flows.state import ConversationState
from bot.flows.steps import EXIT_DATA
from bot.i18n import Catalogues, language_from_telegram
from bot.services import pending_codec
from bot.services.assessment import Assessor
from bot.services.case_content import case_content, encode_content
from bot.services.flood import FloodGuard, MemoryFloodGuard, Verdict
from bot.services.references import new_reference, normalise_reference
from bot.services.sealing import CaseSealer
from bot.services.send_limits import MemorySendLimiter, SendLimiter
from bot.services.transfers import answer_transfer, stage_for_open_transfer
from bot.storage.crypto import Keyring
from bot.storage.models import CaseCreate, CaseStatus
from bot.storage.repositories import cases as case_repo
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import pending as pending_repo
from bot.storage.repositories import steps as step_repo
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.repositories.case_messages import add_case_message
from bot.storage.repositories.steps_pg import PgSteps
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


def _pending_aad(update_id: int) -> bytes:
    return "pending:{}".format(update_id).encode()


def _is_conflict(exc: DBAPIError) -> bool:
    """A deadlock or serialisation failure between two replicas: retrying is the cure."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in {"40P01", "40001"}


def _conversation_ends(state: ConversationState) -> bool:
    """Back at the start with nothing written: her conversation row is deleted."""
    return state.step == "new" and not state.draft.parts


def _always_allowed(event: Inbound) -> bool:
    """Leaving and deleting are never rate-limited."""
    if isinstance(event, Press):
        return event.data == EXIT_DATA
    return isinstance(event, Command) and event.name in ("exit", "quit", "stop", "forget")


MAX_ATTEMPTS = 5
# Actions that only talk to Telegram: a step made of these writes nothing but her state.
_TRANSPORT_ACTIONS = (Send, EditPressed, AnswerCallback, LeaveChat)


@dataclass(frozen=True)
class DeleteMessages:
    """Delete these messages of her chat (quick exit, /forget)."""

    message_ids: tuple[int, ...]


Outbound = Send | EditPressed | AnswerCallback | DeleteMessages | LeaveChat


@dataclass
class Outcome:
    actions: list[Outbound] = field(default_factory=list)
    duplicate: bool = False
    remember_sent: bool = True  # False after /forget: nothing of hers is kept
    case_reference: str | None = None
    case_severity: str = ""
    pending_update_id: int | None = None  # a pending reply to clear once this is sent
    survivor_id: uuid.UUID | None = None  # whose chat the sent messages belong to


@dataclass(frozen=True)
class _ComputedStep:
    """A step the flow already ran on her state at `from_version` (reused, not rerun)."""

    survivor_id: uuid.UUID
    from_version: int
    state: ConversationState
    actions: list[Action]


class CaseSubmittedHook:
    """Called after a case is committed (new-case alerts); default does nothing."""

    async def __call__(self, *, reference: str, partner_id: str, severity: str) -> None:
        return None


class ConversationService:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        keyring: Keyring,
        catalogues: Catalogues,
        routing: RoutingPort,
        assessor: Assessor,
        limits: Limits | None = None,
        clock: Callable[[], datetime] | None = None,
        reference_factory: Callable[[], str] = new_reference,
        id_factory: Callable[[], str] = lambda: str(uuid.uuid4()),
        on_case_submitted: CaseSubmittedHook | None = None,
        sealer: CaseSealer | None = None,
        flood_guard: FloodGuard | None = None,
        send_limiter: SendLimiter | None = None,
        pg_steps: PgSteps | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keyring = keyring
        # Cases are sealed to the partner's public key; the bot cannot open them again.
        self._sealer = sealer or CaseSealer(keyring.content)
        self._catalogues = catalogues
        self._assessor = assessor
        self._on_case_submitted = on_case_submitted or CaseSubmittedHook()
        self._ctx = FlowContext(
            translator=catalogues.translator,
            routing=routing,
            now=clock or (lambda: datetime.now(UTC)),
            new_id=id_factory,
            new_reference=reference_factory,
            limits=limits or Limits(),
        )
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        bind = sessionmaker.kw.get("bind")
        if not isinstance(bind, AsyncEngine):
            raise TypeError("the sessionmaker must be bound to an AsyncEngine")
        self._engine = bind
        # PostgreSQL: the common step's statements, straight on asyncpg (see steps_pg).
        self._pg_steps = pg_steps
        is_sqlite = bind.dialect.name == "sqlite"
        self._sqlite_writer: asyncio.Lock | None = asyncio.Lock() if is_sqlite else None
        self._flood = flood_guard or MemoryFloodGuard(limit=60, window_seconds=10.0)
        # How fast transports may send: Telegram's per-chat and overall limits.
        self.send_limiter: SendLimiter = send_limiter or MemorySendLimiter()

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        """SQLite has one writer: queue ours in order instead of in its busy-retry sleeps."""
        return self._sqlite_writer if self._sqlite_writer is not None else contextlib.nullcontext()

    @property
    def pg_steps(self) -> PgSteps | None:
        return self._pg_steps

    @property
    def limits(self) -> Limits:
        return self._ctx.limits

    def translator(self, language: str | None) -> TranslatorLike:
        return self._catalogues.translator(language)

    def _lock_for(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def language_of(self, *, telegram_user_id: int, hint: str | None) -> str:
        key = self._keyring.identity.survivor_key(telegram_user_id)
        async with self._sessionmaker() as session:
            survivor = await survivor_repo.find_survivor(session=session, key_hash=key)
        return survivor.language if survivor else language_from_telegram(hint)

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
        key = self._keyring.identity.survivor_key(telegram_user_id)
        if not _always_allowed(event):
            verdict = await self._flood.check(key)
            if verdict is not Verdict.ALLOW:
                return await self._flooded(telegram_user_id, language_hint, verdict)
        async with self._lock_for(key):
            event = await self._enrich(event)
            for attempt in range(MAX_ATTEMPTS):
                try:
                    return await self._handle_once(
                        key=key,
                        update_id=update_id,
                        chat_id=chat_id,
                        event=event,
                        incoming_message_id=incoming_message_id,
                        language_hint=language_hint,
                    )
                except survivor_repo.StaleState:
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
        t = self._catalogues.translator(language)
        text = t.gettext("You're sending messages very fast. Please wait a moment, then go on.")
        return Outcome(actions=[Send(text=text, buttons=(report._exit_row(t),), step="flood")])

    async def _enrich(self, event: Inbound) -> Inbound:
        if isinstance(event, Text) and event.text.strip():
            assessment = await self._assessor.assess(event.text[:4096])
            return Text(event.text, event.forwarded_from, event.edited, assessment)
        if isinstance(event, FileReceived) and event.caption:
            assessment = await self._assessor.assess(event.caption[:4096])
            return FileReceived(
                event.kind,
                event.size,
                event.content,
                event.name,
                event.mime_type,
                event.caption,
                event.forwarded_from,
                assessment,
            )
        return event

    async def _handle_once(
        self,
        *,
        key: str,
        update_id: int,
        chat_id: int,
        event: Inbound,
        incoming_message_id: int | None,
        language_hint: str | None,
    ) -> Outcome:
        """One attempt at the step: the two-statement way when it applies, else a transaction."""
        computed: _ComputedStep | None = None
        if self._pg_steps is not None:
            result = await self._single_statement_step(
                self._pg_steps,
                key=key,
                update_id=update_id,
                chat_id=chat_id,
                event=event,
                incoming_message_id=incoming_message_id,
            )
            if isinstance(result, Outcome):
                return result
            computed = result
        return await self._transactional_step(
            key=key,
            update_id=update_id,
            chat_id=chat_id,
            event=event,
            incoming_message_id=incoming_message_id,
            language_hint=language_hint,
            computed=computed,
        )

    async def _single_statement_step(
        self,
        pg: PgSteps,
        *,
        key: str,
        update_id: int,
        chat_id: int,
        event: Inbound,
        incoming_message_id: int | None,
    ) -> Outcome | _ComputedStep | None:
        """The common step on PostgreSQL: read, run the flow, then claim and write in one
        statement, with no transaction around them (the version check keeps it safe),
        both straight on asyncpg.

        Only for a step that talks to Telegram and moves her conversation on; anything
        else (a new survivor, a redelivery, a case, files, quick exit) goes through
        `_transactional_step`, which is handed the step already computed, if any, so
        the flow runs once per attempt.
        """
        loaded = await pg.peek(update_id=update_id, key_hash=key)
        if (
            not loaded.new_update
            or loaded.survivor_id is None
            or loaded.state_enc is None
            or loaded.version is None
        ):
            return None
        survivor_id = loaded.survivor_id
        state = self._decrypt_state(loaded.state_enc, survivor_id)
        new_state, actions = report.step(state, event, self._ctx)
        if (
            not all(isinstance(a, _TRANSPORT_ACTIONS) for a in actions)
            or new_state.language != loaded.language
            or _conversation_ends(new_state)
        ):
            return _ComputedStep(survivor_id, loaded.version, new_state, actions)
        sendable: list[Outbound] = [a for a in actions if isinstance(a, _TRANSPORT_ACTIONS)]
        outcome = Outcome(actions=sendable, survivor_id=survivor_id)
        pending = self._pending_answer(update_id, chat_id, outcome)
        await pg.write_claimed_step(
            update_id=update_id,
            survivor_id=survivor_id,
            state_enc=self._encrypt_state(new_state, survivor_id),
            expected_version=loaded.version,
            pending=pending,
            message_ids=[incoming_message_id] if incoming_message_id is not None else [],
            now=utcnow(),
        )
        return outcome

    def _decrypt_state(self, state_enc: bytes, survivor_id: uuid.UUID) -> ConversationState:
        plain = self._keyring.content.decrypt(state_enc, aad=survivor_id.bytes)
        return ConversationState.from_json(plain.decode())

    def _encrypt_state(self, state: ConversationState, survivor_id: uuid.UUID) -> bytes:
        return self._keyring.content.encrypt(state.to_json().encode(), aad=survivor_id.bytes)

    def _pending_answer(
        self, update_id: int, chat_id: int, outcome: Outcome
    ) -> step_repo.PendingAnswer | None:
        """What she is owed, sealed, kept until sent: a crash cannot swallow her answer.

        Sets `outcome.pending_update_id`; None when nothing but a callback answer is owed.
        """
        if all(isinstance(a, AnswerCallback) for a in outcome.actions):
            return None
        cipher = self._keyring.content
        aad = _pending_aad(update_id)
        outcome.pending_update_id = update_id
        return step_repo.PendingAnswer(
            update_id=update_id,
            chat_id_enc=cipher.encrypt(str(chat_id).encode(), aad=aad),
            actions_enc=cipher.encrypt(pending_codec.encode(outcome.actions), aad=aad),
            claimed_until=utcnow() + pending_repo.CLAIM,
        )

    async def _transactional_step(
        self,
        *,
        key: str,
        update_id: int,
        chat_id: int,
        event: Inbound,
        incoming_message_id: int | None,
        language_hint: str | None,
        computed: _ComputedStep | None = None,
    ) -> Outcome:
        now = utcnow()  # the database's clocks are real time, whatever the flow's clock says
        async with self._writing(), self._sessionmaker() as session, session.begin():
            connection = await session.connection()
            loaded = await step_repo.claim_and_load(
                connection=connection, update_id=update_id, key_hash=key, now=now
            )
            if not loaded.new_update:
                return await self._redelivered(session=session, update_id=update_id)
            hinted = language_from_telegram(language_hint)
            if loaded.survivor_id is None:
                survivor_id, stored_language = await step_repo.add_survivor(
                    connection=connection, key_hash=key, language=hinted, now=now
                )
            else:
                survivor_id, stored_language = loaded.survivor_id, loaded.language or hinted
            if (
                computed is not None
                and computed.survivor_id == survivor_id
                and computed.from_version == loaded.version
            ):
                new_state, actions = computed.state, computed.actions
            else:
                if loaded.state_enc is None:
                    state = ConversationState(language=stored_language or hinted)
                else:
                    state = self._decrypt_state(loaded.state_enc, survivor_id)
                new_state, actions = report.step(state, event, self._ctx)
            incoming = [incoming_message_id] if incoming_message_id is not None else []
            if incoming and not all(isinstance(a, _TRANSPORT_ACTIONS) for a in actions):
                # Quick exit and /forget must find the message she has just sent.
                await survivor_repo.remember_messages(
                    session=session, survivor_id=survivor_id, message_ids=incoming
                )
                incoming = []
            outcome = Outcome()
            forgotten = False
            for action in actions:
                forgotten = (
                    await self._apply(
                        session=session,
                        survivor_id=survivor_id,
                        chat_id=chat_id,
                        state=new_state,
                        action=action,
                        outcome=outcome,
                    )
                    or forgotten
                )
            if forgotten:
                outcome.remember_sent = False
                return outcome
            await session.flush()  # the actions' ORM writes go first, in this transaction
            if new_state.language != stored_language:
                await step_repo.set_language(
                    connection=connection, survivor_id=survivor_id, language=new_state.language
                )
            outcome.survivor_id = survivor_id
            pending = self._pending_answer(update_id, chat_id, outcome)
            if _conversation_ends(new_state):
                await survivor_repo.delete_conversation(session=session, survivor_id=survivor_id)
                await step_repo.acknowledge(
                    connection=connection,
                    update_id=None,
                    survivor_id=survivor_id,
                    message_ids=incoming,
                    now=now,
                )
                if pending is not None:
                    await step_repo.keep_pending(
                        connection=connection, survivor_id=survivor_id, pending=pending, now=now
                    )
            else:
                await step_repo.write_step(
                    connection=connection,
                    survivor_id=survivor_id,
                    state_enc=self._encrypt_state(new_state, survivor_id),
                    expected_version=loaded.version,
                    pending=pending,
                    message_ids=incoming,
                    now=now,
                )
        if outcome.case_reference:
            await self._notify_submitted(outcome.case_reference, new_state, outcome.case_severity)
        return outcome

    async def _notify_submitted(
        self, reference: str, state: ConversationState, severity: str
    ) -> None:
        """Tell the hook (the alert outbox is already written, in the case's transaction)."""
        try:
            await self._on_case_submitted(
                reference=reference,
                partner_id=state.draft.partner_id or "",
                severity=severity,
            )
        except Exception:  # an alert must never break her conversation
            log.exception("new-case alert failed for %s", reference)

    async def _apply(
        self,
        *,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        chat_id: int,
        state: ConversationState,
        action: Action,
        outcome: Outcome,
    ) -> bool:
        """Carry out one action; True when she was forgotten."""
        cipher = self._keyring.content
        if isinstance(action, _TRANSPORT_ACTIONS):
            outcome.actions.append(action)
        elif isinstance(action, ClearChat):
            ids = await survivor_repo.take_message_ids(session=session, survivor_id=survivor_id)
            outcome.actions.append(DeleteMessages(tuple(ids)))
        elif isinstance(action, StoreEvidence):
            evidence_id = uuid.UUID(action.evidence_id)
            await case_repo.add_evidence(
                session=session,
                evidence_id=evidence_id,
                survivor_id=survivor_id,
                kind=action.kind,
                sha256=action.sha256,
                size=len(action.content),
                blob_enc=cipher.encrypt(action.content, aad=evidence_id.bytes),
            )
        elif isinstance(action, DropEvidence):
            await case_repo.drop_evidence(
                session=session,
                survivor_id=survivor_id,
                evidence_ids=[uuid.UUID(i) for i in action.evidence_ids],
            )
        elif isinstance(action, SubmitCase):
            await self._submit(
                session=session,
                survivor_id=survivor_id,
                chat_id=chat_id,
                state=state,
                action=action,
            )
            outcome.case_reference = action.reference
            outcome.case_severity = action.draft.severity or Severity.NONE.value
        elif isinstance(action, ForgetSurvivor):
            ids = await survivor_repo.take_message_ids(session=session, survivor_id=survivor_id)
            outcome.actions.append(DeleteMessages(tuple(ids)))
            await case_repo.forget_survivor(session=session, survivor_id=survivor_id)
            return True
        elif isinstance(action, ReplyToCase):
            await self._reply_to_case(
                session=session, survivor_id=survivor_id, state=state, text=action.text
            )
        elif isinstance(action, AnswerTransfer):
            outcome.actions.append(
                await self._answer_transfer(
                    session=session, survivor_id=survivor_id, state=state, action=action
                )
            )
        elif isinstance(action, QueryStatus):
            outcome.actions.append(
                await self._status(
                    session=session, survivor_id=survivor_id, state=state, raw=action.reference
                )
            )
        return False

    async def _submit(
        self,
        *,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        chat_id: int,
        state: ConversationState,
        action: SubmitCase,
    ) -> None:
        draft = action.draft
        categories = sorted(
            {c for c in draft.categories if c in {x.value for x in Category}}
            | {c for p in draft.parts for c in p.categories}
        )
        data = CaseCreate(
            reference=action.reference,
            survivor_id=survivor_id,
            severity=draft.severity or Severity.NONE.value,
            categories=",".join(categories),
            country=draft.country or "other",
            region=draft.region,
            partner_service_id=action.partner_id,
            allow_replies=action.allow_replies,
        )
        content = case_content(draft, shown_topics=state.topics_read, language=state.language)
        case_id = uuid.uuid4()
        recipient = await self._sealer.recipient(session=session, service_id=action.partner_id)
        case = await case_repo.create_case(
            session=session,
            data=data,
            content_enc=self._sealer.seal(recipient, encode_content(content), aad=case_id.bytes),
            case_id=case_id,
        )
        evidence_ids = [uuid.UUID(item.id) for item in draft.evidence]
        if evidence_ids:
            await case_repo.attach_evidence(
                session=session, case_id=case.id, evidence_ids=evidence_ids
            )
            # Her files were kept under the bot's key while she wrote; now only the service
            # may read them.
            for evidence in await casework_repo.evidence_of_case(session=session, case_id=case.id):
                plain = self._keyring.content.decrypt(evidence.blob_enc, aad=evidence.id.bytes)
                evidence.blob_enc = self._sealer.seal(recipient, plain, aad=evidence.id.bytes)
                session.add(evidence)
        await outbox_repo.queue_alert(
            session=session,
            reference=case.reference,
            service_id=action.partner_id,
            severity=case.severity,
        )
        if action.allow_replies:
            survivor = await survivor_repo.get_survivor(session=session, survivor_id=survivor_id)
            survivor.reply_chat_enc = self._keyring.content.encrypt(
                str(chat_id).encode(), aad=survivor_id.bytes
            )
            session.add(survivor)

    async def _reply_to_case(
        self, *, session: AsyncSession, survivor_id: uuid.UUID, state: ConversationState, text: str
    ) -> None:
        case = await case_repo.find_case_by_reference(
            session=session, reference=state.case_reference or ""
        )
        if case is None or case.survivor_id != survivor_id or not case.allow_replies:
            return
        recipient = await self._sealer.recipient(
            session=session, service_id=case.partner_service_id
        )
        message = await add_case_message(
            session=session,
            case_id=case.id,
            author="survivor",
            body_enc=self._sealer.seal(recipient, text.encode(), aad=case.id.bytes),
        )
        # A transfer she has not answered yet gets its own copy for the receiving service.
        await stage_for_open_transfer(
            session=session, case=case, message_id=message.id, plain=text.encode()
        )

    async def _answer_transfer(
        self,
        *,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        state: ConversationState,
        action: AnswerTransfer,
    ) -> Send:
        t = self._catalogues.translator(state.language)
        _ = t.gettext
        result = await answer_transfer(
            session=session,
            survivor_id=survivor_id,
            request_id=action.request_id,
            accept=action.accept,
        )
        if result is None:
            text = _("That button no longer works.")
        elif result.accepted:
            text = _(
                "Thank you. Your report has been passed to {service}. Your reference code "
                "stays the same."
            ).format(service=self._ctx.routing.partner_name(result.to_service, t))
        else:
            text = _("Your report stays with {service}. Nothing has been passed on.").format(
                service=self._ctx.routing.partner_name(result.from_service, t)
            )
        return Send(text=text, buttons=((report._exit_row(t)),), step="transfer")

    async def _status(
        self, *, session: AsyncSession, survivor_id: uuid.UUID, state: ConversationState, raw: str
    ) -> Send:
        t = self._catalogues.translator(state.language)
        _ = t.gettext
        reference = normalise_reference(raw)
        case = await case_repo.find_case_by_reference(session=session, reference=reference)
        if case is None or case.survivor_id != survivor_id:
            # The same answer for "no such code" and "not yours": codes cannot be probed.
            text = _("I can't find a report with that code from this account.")
        else:
            labels = {
                CaseStatus.NEW.value: _("received, waiting for a caseworker"),
                CaseStatus.IN_PROGRESS.value: _("a caseworker is working on it"),
                CaseStatus.REFERRED.value: _("referred to another service"),
                CaseStatus.CLOSED.value: _("closed"),
                CaseStatus.WITHDRAWN.value: _("withdrawn"),
            }
            text = _("Report {reference}: {status}.").format(
                reference=case.reference, status=labels.get(case.status, case.status)
            )
        return Send(text=text, buttons=((report._exit_row(t)),), step="status")

    async def _redelivered(self, *, session: AsyncSession, update_id: int) -> Outcome:
        """An update seen before: answer again only if its answer was never sent."""
        pending = await pending_repo.reclaim(session=session, update_id=update_id)
        if pending is None:
            return Outcome(duplicate=True)
        actions = pending_codec.decode(
            self._keyring.content.decrypt(pending.actions_enc, aad=_pending_aad(update_id))
        )
        return Outcome(actions=actions, pending_update_id=update_id)

    async def stale_pending(self) -> list[tuple[int, int, Outcome]]:
        """Answers whose sender died: (update id, chat id, outcome) to send now."""
        found: list[tuple[int, int, Outcome]] = []
        async with self._writing(), self._sessionmaker() as session, session.begin():
            for update_id in await pending_repo.stale(session=session):
                pending = await pending_repo.reclaim(session=session, update_id=update_id)
                if pending is None:
                    continue
                aad = _pending_aad(update_id)
                chat_id = int(self._keyring.content.decrypt(pending.chat_id_enc, aad=aad))
                actions = pending_codec.decode(
                    self._keyring.content.decrypt(pending.actions_enc, aad=aad)
                )
                # An edit needs the pressed message and a callback answer has expired.
                actions = [a for a in actions if not isinstance(a, (EditPressed, AnswerCallback))]
                found.append((update_id, chat_id, Outcome(actions=actions)))
        return found

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
            key = self._keyring.identity.survivor_key(telegram_user_id)
            async with self._sessionmaker() as session:
                survivor = await survivor_repo.find_survivor(session=session, key_hash=key)
            survivor_id = survivor.id if survivor is not None else None
        if self._pg_steps is not None:  # one self-contained statement, no BEGIN/COMMIT
            await self._pg_steps.acknowledge(
                update_id=update_id, survivor_id=survivor_id, message_ids=message_ids, now=utcnow()
            )
            return
        async with self._writing(), self._engine.begin() as connection:
            await step_repo.acknowledge(
                connection=connection,
                update_id=update_id,
                survivor_id=survivor_id,
                message_ids=message_ids,
                now=utcnow(),
            )
