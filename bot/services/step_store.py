"""Where a step is read and written, exactly once: the `StepStore` interface and the
transactional store, which runs every step as one transaction (SQLite and PostgreSQL).

For every update: claim its id (a redelivery gets the answer still owed, or
nothing), load and decrypt her state, run the flow, carry out its effects, and
save the state with a version check (a writer on another replica forces a
retry), all or nothing. The answer is kept as "pending" until the transport says
Telegram accepted it. `bot.app` chooses the store once; on PostgreSQL the
common step takes a faster path (`step_store_pg`).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.actions import Action, AnswerCallback, EditPressed
from bot.flows.state import ConversationState
from bot.i18n import language_from_telegram
from bot.services import pending_codec
from bot.services.effects import StepEffects
from bot.services.outcome import TRANSPORT_ACTIONS, Outcome
from bot.storage.crypto import ContentCipher
from bot.storage.repositories import pending as pending_repo
from bot.storage.repositories import quiet as quiet_repo
from bot.storage.repositories import steps as step_repo
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.types import utcnow

Advance = Callable[[ConversationState], tuple[ConversationState, list[Action]]]
"""The flow step for this update, bound to its event: her state in, (state, actions) out."""


@dataclass(frozen=True)
class StepRequest:
    key: str  # her keyed hash
    update_id: int
    chat_id: int
    incoming_message_id: int | None
    language_hint: str | None


@dataclass(frozen=True)
class KnownSurvivor:
    id: uuid.UUID
    language: str


class StepStore(Protocol):
    async def take_step(self, request: StepRequest, advance: Advance) -> Outcome:
        """Run one update against her stored state, once; raises `StaleState` (or a
        serialisation conflict) when another writer got there first: retry."""
        ...

    async def acknowledge(
        self, *, update_id: int | None, survivor_id: uuid.UUID | None, message_ids: list[int]
    ) -> None:
        """Telegram accepted the answer: it is no longer owed; remember its message ids."""
        ...

    async def owed_answers(self) -> list[tuple[int, int, Outcome]]:
        """Answers whose sender died: (update id, chat id, outcome), claimed for the caller."""
        ...

    async def known_survivor(self, key: str) -> KnownSurvivor | None: ...

    async def close(self) -> None: ...


def conversation_ends(state: ConversationState) -> bool:
    """Back at the start with nothing written and no case: her conversation row is
    deleted (a case relay survives Exit, so a state holding one is kept)."""
    return state.is_blank()


def only_transport(actions: list[Action]) -> bool:
    return all(isinstance(a, TRANSPORT_ACTIONS) for a in actions)


def _incoming(request: StepRequest) -> list[int]:
    return [request.incoming_message_id] if request.incoming_message_id is not None else []


def _pending_aad(update_id: int) -> bytes:
    return "pending:{}".format(update_id).encode()


class StepSealing:
    """Her state and the answers owed to her, encrypted, bound to whose and which they are."""

    def __init__(self, cipher: ContentCipher) -> None:
        self._cipher = cipher

    def open_state(self, state_enc: bytes, survivor_id: uuid.UUID) -> ConversationState:
        plain = self._cipher.decrypt(state_enc, aad=survivor_id.bytes)
        return ConversationState.from_json(plain.decode())

    def seal_state(self, state: ConversationState, survivor_id: uuid.UUID) -> bytes:
        return self._cipher.encrypt(state.to_json().encode(), aad=survivor_id.bytes)

    def pending_answer(
        self, update_id: int, chat_id: int, outcome: Outcome
    ) -> step_repo.PendingAnswer | None:
        """What she is owed, sealed, kept until sent: a crash cannot swallow her answer.

        Sets `outcome.pending_update_id`; None when nothing but a callback answer is owed.
        """
        if all(isinstance(a, AnswerCallback) for a in outcome.actions):
            return None
        aad = _pending_aad(update_id)
        outcome.pending_update_id = update_id
        return step_repo.PendingAnswer(
            update_id=update_id,
            chat_id_enc=self._cipher.encrypt(str(chat_id).encode(), aad=aad),
            actions_enc=self._cipher.encrypt(pending_codec.encode(outcome.actions), aad=aad),
            claimed_until=utcnow() + pending_repo.CLAIM,
        )

    def open_pending(self, update_id: int, actions_enc: bytes) -> Outcome:
        plain = self._cipher.decrypt(actions_enc, aad=_pending_aad(update_id))
        return Outcome(actions=pending_codec.decode(plain))

    def open_pending_chat(self, update_id: int, chat_id_enc: bytes) -> int:
        return int(self._cipher.decrypt(chat_id_enc, aad=_pending_aad(update_id)))

    def seal_chat(self, chat_id: int, survivor_id: uuid.UUID) -> bytes:
        """Her chat id for the quiet-period sweep, bound to her row."""
        return self._cipher.encrypt(str(chat_id).encode(), aad=chat_aad(survivor_id))

    def open_chat(self, chat_enc: bytes, survivor_id: uuid.UUID) -> int:
        return int(self._cipher.decrypt(chat_enc, aad=chat_aad(survivor_id)))


def chat_aad(survivor_id: uuid.UUID) -> bytes:
    return b"chat:" + survivor_id.bytes


@dataclass(frozen=True)
class ComputedStep:
    """A step the flow already ran on her state at `from_version` (reused, not rerun)."""

    survivor_id: uuid.UUID
    from_version: int
    state: ConversationState
    actions: list[Action]


class TransactionalStepStore:
    """Every step in one SQLAlchemy transaction."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        cipher: ContentCipher,
        effects: StepEffects,
    ) -> None:
        bind = sessionmaker.kw.get("bind")
        if not isinstance(bind, AsyncEngine):
            raise TypeError("the sessionmaker must be bound to an AsyncEngine")
        self._sessionmaker = sessionmaker
        self._engine = bind
        self.sealing = StepSealing(cipher)
        self._effects = effects
        is_sqlite = bind.dialect.name == "sqlite"
        self._sqlite_writer: asyncio.Lock | None = asyncio.Lock() if is_sqlite else None

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        """SQLite has one writer: queue ours in order instead of in its busy-retry sleeps."""
        return self._sqlite_writer if self._sqlite_writer is not None else contextlib.nullcontext()

    async def take_step(
        self, request: StepRequest, advance: Advance, computed: ComputedStep | None = None
    ) -> Outcome:
        now = utcnow()  # the database's clocks are real time, whatever the flow's clock says
        async with self._writing(), self._sessionmaker() as session, session.begin():
            connection = await session.connection()
            loaded = await step_repo.claim_and_load(
                connection=connection, update_id=request.update_id, key_hash=request.key, now=now
            )
            if not loaded.new_update:
                return await self._redelivered(session=session, update_id=request.update_id)
            hinted = language_from_telegram(request.language_hint)
            if loaded.survivor_id is None:
                survivor_id, stored_language = await step_repo.add_survivor(
                    connection=connection, key_hash=request.key, language=hinted, now=now
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
                    state = self.sealing.open_state(loaded.state_enc, survivor_id)
                new_state, actions = advance(state)
            incoming = _incoming(request)
            if incoming and not only_transport(actions):
                # Quick exit and /forget must find the message she has just sent.
                await survivor_repo.remember_messages(
                    session=session, survivor_id=survivor_id, message_ids=incoming
                )
                incoming = []
            outcome = Outcome()
            forgotten = await self._effects.carry_out(
                session=session,
                survivor_id=survivor_id,
                chat_id=request.chat_id,
                state=new_state,
                actions=actions,
                outcome=outcome,
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
            # Once: her chat id, sealed, so the quiet-period sweep can clear her chat.
            await quiet_repo.note_chat(
                session=session,
                survivor_id=survivor_id,
                chat_enc=self.sealing.seal_chat(request.chat_id, survivor_id),
            )
            pending = self.sealing.pending_answer(request.update_id, request.chat_id, outcome)
            if conversation_ends(new_state):
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
                    state_enc=self.sealing.seal_state(new_state, survivor_id),
                    expected_version=loaded.version,
                    pending=pending,
                    message_ids=incoming,
                    now=now,
                )
        return outcome

    async def _redelivered(self, *, session: AsyncSession, update_id: int) -> Outcome:
        """An update seen before: answer again only if its answer was never sent."""
        pending = await pending_repo.reclaim(session=session, update_id=update_id)
        if pending is None:
            return Outcome(duplicate=True)
        outcome = self.sealing.open_pending(update_id, pending.actions_enc)
        outcome.pending_update_id = update_id
        return outcome

    async def owed_answers(self) -> list[tuple[int, int, Outcome]]:
        found: list[tuple[int, int, Outcome]] = []
        async with self._writing(), self._sessionmaker() as session, session.begin():
            for update_id in await pending_repo.stale(session=session):
                pending = await pending_repo.reclaim(session=session, update_id=update_id)
                if pending is None:
                    continue
                chat_id = self.sealing.open_pending_chat(update_id, pending.chat_id_enc)
                outcome = self.sealing.open_pending(update_id, pending.actions_enc)
                # An edit needs the pressed message and a callback answer has expired.
                outcome.actions = [
                    a for a in outcome.actions if not isinstance(a, (EditPressed, AnswerCallback))
                ]
                found.append((update_id, chat_id, outcome))
        return found

    async def acknowledge(
        self, *, update_id: int | None, survivor_id: uuid.UUID | None, message_ids: list[int]
    ) -> None:
        async with self._writing(), self._engine.begin() as connection:
            await step_repo.acknowledge(
                connection=connection,
                update_id=update_id,
                survivor_id=survivor_id,
                message_ids=message_ids,
                now=utcnow(),
            )

    async def known_survivor(self, key: str) -> KnownSurvivor | None:
        async with self._sessionmaker() as session:
            survivor = await survivor_repo.find_survivor(session=session, key_hash=key)
        return KnownSurvivor(survivor.id, survivor.language) if survivor is not None else None

    async def close(self) -> None:
        """Nothing of its own: the engine is the application's."""
