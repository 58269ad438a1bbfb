"""The PostgreSQL step store: the common step in two statements straight on asyncpg.

The common step only answers her and moves her conversation on. It is one read,
the flow, then one self-contained statement that claims the update and writes her
state if its version is still the one read (no transaction around them: the
version check under the row lock keeps it safe); see `bot.storage.repositories.
steps_pg`. Anything else (her first message, a redelivery, a case, files, quick
exit, /forget, a new language) goes to the transactional store, handed the step
already computed so the flow runs once per attempt.
"""

from __future__ import annotations

import uuid

from bot.services.outcome import TRANSPORT_ACTIONS, Outbound, Outcome
from bot.services.step_store import (
    Advance,
    ComputedStep,
    KnownSurvivor,
    StepRequest,
    TransactionalStepStore,
    conversation_ends,
    only_transport,
)
from bot.storage.repositories.steps_pg import PgSteps
from bot.storage.types import utcnow


class PgStepStore:
    def __init__(self, *, steps: PgSteps, transactional: TransactionalStepStore) -> None:
        self.steps = steps
        self._transactional = transactional
        self._sealing = transactional.sealing

    async def take_step(self, request: StepRequest, advance: Advance) -> Outcome:
        loaded = await self.steps.peek(update_id=request.update_id, key_hash=request.key)
        if (
            not loaded.new_update
            or loaded.survivor_id is None
            or loaded.state_enc is None
            or loaded.version is None
            or not loaded.has_chat  # her chat id is noted for the quiet-period sweep there
        ):
            return await self._transactional.take_step(request, advance)
        survivor_id = loaded.survivor_id
        state = self._sealing.open_state(loaded.state_enc, survivor_id)
        new_state, actions = advance(state)
        if (
            not only_transport(actions)
            or new_state.language != loaded.language
            or conversation_ends(new_state)
        ):
            computed = ComputedStep(survivor_id, loaded.version, new_state, actions)
            return await self._transactional.take_step(request, advance, computed)
        sendable: list[Outbound] = [a for a in actions if isinstance(a, TRANSPORT_ACTIONS)]
        outcome = Outcome(actions=sendable, survivor_id=survivor_id)
        pending = self._sealing.pending_answer(request.update_id, request.chat_id, outcome)
        incoming = request.incoming_message_id
        await self.steps.write_claimed_step(
            update_id=request.update_id,
            survivor_id=survivor_id,
            state_enc=self._sealing.seal_state(new_state, survivor_id),
            expected_version=loaded.version,
            pending=pending,
            message_ids=[incoming] if incoming is not None else [],
            now=utcnow(),
        )
        return outcome

    async def acknowledge(
        self, *, update_id: int | None, survivor_id: uuid.UUID | None, message_ids: list[int]
    ) -> None:
        """One self-contained statement, no BEGIN/COMMIT."""
        await self.steps.acknowledge(
            update_id=update_id, survivor_id=survivor_id, message_ids=message_ids, now=utcnow()
        )

    async def owed_answers(self) -> list[tuple[int, int, Outcome]]:
        return await self._transactional.owed_answers()

    async def known_survivor(self, key: str) -> KnownSurvivor | None:
        return await self._transactional.known_survivor(key)

    async def close(self) -> None:
        await self.steps.close()
