"""Carries out the actions of one flow step inside the step's transaction.

What only talks to Telegram goes into the outcome as it is; everything else is a
use case in `bot.services.actions`, and what she reads about its result comes
from `bot.flows.notices`.
"""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows import notices
from bot.flows.actions import (
    Action,
    AddToCase,
    AnswerTransfer,
    ClearChat,
    DropEvidence,
    EditPressed,
    ForgetSurvivor,
    KeepMessage,
    PauseMessages,
    QueryStatus,
    ReplyToCase,
    RevealMessage,
    Send,
    ShowWaiting,
    StopMessages,
    StoreEvidence,
    SubmitCase,
)
from bot.flows.context import RoutingPort
from bot.flows.state import ConversationState
from bot.flows.steps import AT_REST
from bot.i18n import Catalogues
from bot.services import keys
from bot.services.actions.cases import do_query_status, do_reply_to_case, do_submit_case
from bot.services.actions.evidence import do_drop_evidence, do_store_evidence
from bot.services.actions.leaving import do_clear_chat, do_forget_survivor
from bot.services.actions.relay import (
    do_add_to_case,
    do_keep_message,
    do_list_waiting,
    do_open_question,
    do_open_reply,
    do_pause_messages,
    do_stop_messages,
)
from bot.services.actions.transfers import do_answer_transfer
from bot.services.outcome import TRANSPORT_ACTIONS, DeleteMessages, Outcome
from bot.services.sealing import CaseSealer
from bot.storage.crypto import ContentCipher


class StepEffects:
    def __init__(
        self,
        *,
        cipher: ContentCipher,
        sealer: CaseSealer,
        catalogues: Catalogues,
        routing: RoutingPort,
        delivery_secret: bytes,
    ) -> None:
        self._cipher = cipher
        self._sealer = sealer
        self._catalogues = catalogues
        self._routing = routing
        # Opens the caseworkers' messages sealed to the bot when she asks to see one.
        self._delivery_private = keys.delivery_key_pair(delivery_secret).private

    async def carry_out(
        self,
        *,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        chat_id: int,
        state: ConversationState,
        actions: list[Action],
        outcome: Outcome,
    ) -> bool:
        """Carry out every action in order; True when she was forgotten (keep nothing)."""
        forgotten = False
        for action in actions:
            if await self._one(session, survivor_id, chat_id, state, action, outcome):
                forgotten = True
        return forgotten

    async def _one(
        self,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        chat_id: int,
        state: ConversationState,
        action: Action,
        outcome: Outcome,
    ) -> bool:
        if isinstance(action, TRANSPORT_ACTIONS):
            outcome.actions.append(action)
        elif isinstance(action, ClearChat):
            ids = await do_clear_chat(session=session, survivor_id=survivor_id)
            outcome.actions.append(DeleteMessages(tuple(ids)))
        elif isinstance(action, ForgetSurvivor):
            ids = await do_forget_survivor(session=session, survivor_id=survivor_id)
            outcome.actions.append(DeleteMessages(tuple(ids)))
            return True
        elif isinstance(action, StoreEvidence):
            await do_store_evidence(
                session=session, survivor_id=survivor_id, evidence=action, cipher=self._cipher
            )
        elif isinstance(action, DropEvidence):
            await do_drop_evidence(
                session=session, survivor_id=survivor_id, evidence_ids=action.evidence_ids
            )
        elif isinstance(action, SubmitCase):
            await do_submit_case(
                session=session,
                survivor_id=survivor_id,
                chat_id=chat_id,
                submission=action,
                topics_read=state.topics_read,
                language=state.language,
                sealer=self._sealer,
                cipher=self._cipher,
            )
            outcome.case_reference = action.reference
        elif isinstance(action, ReplyToCase):
            await do_reply_to_case(
                session=session,
                survivor_id=survivor_id,
                reference=action.reference or state.case_reference or "",
                text=action.text,
                sealer=self._sealer,
            )
        elif isinstance(action, AddToCase):
            added = await do_add_to_case(
                session=session, survivor_id=survivor_id, addition=action, sealer=self._sealer
            )
            t = self._catalogues.translator(state.language)
            outcome.actions.append(
                notices.file_added(t, reference=action.reference, sha256=action.sha256)
                if added
                else notices.case_gone(t)
            )
        elif isinstance(action, RevealMessage):
            outcome.actions.append(await self._reveal(session, survivor_id, state, action))
        elif isinstance(action, KeepMessage):
            await do_keep_message(session=session, survivor_id=survivor_id, item_hex=action.item_id)
        elif isinstance(action, ShowWaiting):
            t = self._catalogues.translator(state.language)
            for waiting in await do_list_waiting(session=session, survivor_id=survivor_id):
                outcome.actions.append(
                    notices.new_message(
                        t, kind=waiting.kind, item_id=waiting.item_id, reference=waiting.reference
                    )
                )
        elif isinstance(action, PauseMessages):
            await do_pause_messages(session=session, survivor_id=survivor_id, paused=action.paused)
        elif isinstance(action, StopMessages):
            await do_stop_messages(session=session, survivor_id=survivor_id)
        elif isinstance(action, AnswerTransfer):
            outcome.actions.append(await self._answer_transfer(session, survivor_id, state, action))
        elif isinstance(action, QueryStatus):
            found = await do_query_status(
                session=session, survivor_id=survivor_id, raw_reference=action.reference
            )
            t = self._catalogues.translator(state.language)
            outcome.actions.append(
                notices.status(
                    t,
                    reference=found.reference if found else "",
                    status=found.status if found else None,
                )
            )
        return False

    async def _reveal(
        self,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        state: ConversationState,
        action: RevealMessage,
    ) -> EditPressed:
        """Her press on a neutral notice: the notice becomes the service's message."""
        t = self._catalogues.translator(state.language)
        if action.kind == "reply":
            opened = await do_open_reply(
                session=session,
                survivor_id=survivor_id,
                message_hex=action.item_id,
                delivery_private=self._delivery_private,
            )
            if opened is None:
                shown = notices.message(t, notices.message_gone(t), step="notice")
            else:
                shown = notices.caseworker_reply(
                    t,
                    service=self._routing.partner_name(opened.service_id, t),
                    body=opened.body,
                    reference=opened.reference,
                    at_rest=state.step in AT_REST,
                    item_id=action.item_id,
                )
        else:
            question = await do_open_question(
                session=session, survivor_id=survivor_id, request_hex=action.item_id
            )
            if question is None:
                shown = notices.message(t, notices.message_gone(t), step="notice")
            else:
                shown = notices.transfer_question(
                    t,
                    service=self._routing.partner_name(question.request.from_service, t),
                    reference=question.case.reference,
                    other=self._routing.partner_name(question.request.to_service, t),
                    request_id=question.request.id.hex,
                )
        return EditPressed(shown.text, shown.buttons)

    async def _answer_transfer(
        self,
        session: AsyncSession,
        survivor_id: uuid.UUID,
        state: ConversationState,
        action: AnswerTransfer,
    ) -> Send:
        t = self._catalogues.translator(state.language)
        result = await do_answer_transfer(
            session=session,
            survivor_id=survivor_id,
            request_id=action.request_id,
            accept=action.accept,
        )
        if result is None:
            return notices.transfer_answered(t, accepted=None, service="")
        service = result.to_service if result.accepted else result.from_service
        return notices.transfer_answered(
            t, accepted=result.accepted, service=self._routing.partner_name(service, t)
        )
