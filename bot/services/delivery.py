"""The bot's delivery loop: caseworker replies, transfer questions and new-case alerts.

A reply or a question reaches her as a neutral notice ("You have a new message"):
its content appears only when she opens it (`bot.services.effects`), so nothing of it
shows in a notification on her lock screen. The reply's copy sealed to the bot stays
in its outbox until then. While she has paused messages, nothing is sent to her.

Transport-agnostic: the transport hands in a `Sender` that sends one message the
way her answers go out (paced per chat, 429 `retry_after` honoured, server
errors retried with backoff). What she reads is written in `bot.flows.notices`.
Every item stays in its outbox until Telegram accepted it; an item the sender
gives up on is tried again later with a growing delay, never dropped, unless
Telegram says it can never be delivered (she blocked the bot; the bot was removed
from a service's alert group): then it is marked, and the portal says so. Each item is
claimed before it is sent, so two bot replicas never send it twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows import notices
from bot.flows.actions import Send
from bot.i18n import Catalogues, TranslatorLike
from bot.services import keys
from bot.services.actions.transfers import do_give_up_transfer
from bot.services.outcome import ChatUnreachable, MessageRefused
from bot.storage.crypto import Keyring, derive_key
from bot.storage.models import Case, CaseMessage, Survivor
from bot.storage.portal_models import CaseAlert, ReplyOutbox, TransferRequest, TransferStatus
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.types import utcnow

log = logging.getLogger(__name__)

Sender = Callable[[int, Send], Awaitable[int]]
"""Send one message to a chat as her answers are sent; returns its message id."""

CLAIM = timedelta(seconds=outbox_repo.CLAIM_SECONDS)
REQUEUE_EVERY = timedelta(minutes=1)
"""How often a running bot queues again the alerts another chat refused: in a rolling
restart the old replica, still running with the old chat, can give up alerts the new one
had just queued again; the new one takes them back within this time."""


class Undeliverable(Exception):
    """This item cannot go out now (no reply channel, key mismatch); it is retried later."""


async def _claim(
    session: AsyncSession, model: Any, row_id: Any, now: datetime, *conditions: Any
) -> bool:
    """Take a due row for a while by moving its next attempt ahead, if no replica did yet.

    Belongs with the outbox repositories (bot/storage/repositories); kept here while
    another engineer works on the storage layer.
    """
    result = await session.exec(  # type: ignore[call-overload]
        update(model)
        .where(col(model.id) == row_id)
        .where(col(model.next_attempt_at) <= now)
        .where(*conditions)
        .values(next_attempt_at=now + CLAIM)
    )
    return bool(result.rowcount == 1)


class DeliveryService:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        keyring: Keyring,
        delivery_secret: bytes,
        catalogues: Catalogues,
        partner_name: Callable[[str, TranslatorLike], str],
        alert_chats: Mapping[str, int | None],
        portal_url: str,
        requeue_every: timedelta = REQUEUE_EVERY,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keyring = keyring
        self._pair = keys.delivery_key_pair(delivery_secret)
        self._chat_key = derive_key(delivery_secret, "alert chat")
        self._catalogues = catalogues
        self._partner_name = partner_name
        self._alert_chats = alert_chats
        self._portal_url = portal_url.rstrip("/")
        self._requeue_every = requeue_every
        self._next_requeue: datetime | None = None

    @property
    def public_key(self) -> bytes:
        return self._pair.public

    async def publish_key(self) -> None:
        """Put the delivery public key where the portal finds it (it never sees the secret)."""
        async with self._sessionmaker() as session, session.begin():
            await key_repo.put_deployment_key(
                session=session,
                purpose=key_repo.DELIVERY,
                public_key=self._pair.public,
                fingerprint=self._pair.fingerprint,
            )

    async def run(self, send: Sender, *, interval: float = 1.0) -> None:
        await self.publish_key()
        while True:
            try:
                await self.run_once(send)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery round failed; trying again")
            await asyncio.sleep(interval)

    async def run_once(self, send: Sender) -> int:
        now = utcnow()
        if self._next_requeue is None or now >= self._next_requeue:
            self._next_requeue = now + self._requeue_every
            await self.requeue_alerts_for_new_chats()
        sent = await self._replies(send)
        sent += await self._questions(send)
        sent += await self._alerts(send)
        return sent

    # --- caseworker replies ---------------------------------------------------

    async def _replies(self, send: Sender) -> int:
        async with self._sessionmaker() as session:
            due = await outbox_repo.due_replies(session=session, now=utcnow())
        sent = 0
        for outbox, message in due:
            async with self._sessionmaker() as session, session.begin():
                claimed = await outbox_repo.claim_reply(
                    session=session, message_id=message.id, now=utcnow()
                )
            if claimed and await self._deliver_reply(send, outbox, message):
                sent += 1
        return sent

    async def _chat_of(self, session: AsyncSession, case: Case | None) -> tuple[Survivor, int]:
        if case is None or case.survivor_id is None or not case.allow_replies:
            raise Undeliverable("no reply channel")
        survivor = await session.get(Survivor, case.survivor_id)
        if survivor is None or survivor.reply_chat_enc is None:
            raise Undeliverable("no reply channel")
        raw = self._keyring.content.decrypt(survivor.reply_chat_enc, aad=survivor.id.bytes)
        return survivor, int(raw.decode())

    async def _deliver_reply(self, send: Sender, outbox: ReplyOutbox, message: CaseMessage) -> bool:
        try:
            async with self._sessionmaker() as session:
                case = await session.get(Case, message.case_id)
                survivor, chat_id = await self._chat_of(session, case)
                assert case is not None
            t = self._catalogues.translator(survivor.language)
            notice = notices.new_message(
                t, kind="reply", item_id=message.id.hex, reference=case.reference
            )
            message_id = await send(chat_id, notice)
        except (ChatUnreachable, MessageRefused) as exc:
            # Telegram will never take it: marked in the portal, not retried forever.
            reason = "blocked" if isinstance(exc, ChatUnreachable) else "refused"
            log.warning("a reply is undeliverable (%s); the bot gave up on it", reason)
            async with self._sessionmaker() as session, session.begin():
                row = await session.get(ReplyOutbox, message.id)
                if row is not None:
                    outbox_repo.give_up(row, reason)
                    session.add(row)
            return False
        except Exception as exc:
            log.warning("reply not delivered yet (%s); will retry", type(exc).__name__)
            async with self._sessionmaker() as session, session.begin():
                row = await session.get(ReplyOutbox, message.id)
                if row is not None:
                    outbox_repo.retry_later(row, type(exc).__name__)
                    session.add(row)
            return False
        async with self._sessionmaker() as session, session.begin():
            now = utcnow()
            stored = await session.get(CaseMessage, message.id)
            if stored is not None:
                stored.delivered_at = now
                session.add(stored)
            row = await session.get(ReplyOutbox, message.id)
            if row is not None:  # kept, sealed, until she opens it
                row.notified_at = now
                row.claimed_until = None
                session.add(row)
            await survivor_repo.remember_messages(
                session=session,
                survivor_id=survivor.id,
                message_ids=[message_id],
                notice_for=message.id,
            )
            await casework_repo.audit(
                session=session, action="reply_delivered", actor="bot", case=case
            )
        return True

    # --- transfer questions ---------------------------------------------------

    async def _questions(self, send: Sender) -> int:
        async with self._sessionmaker() as session:
            due = await transfer_repo.due_questions(session=session, now=utcnow())
        sent = 0
        for request in due:
            async with self._sessionmaker() as session, session.begin():
                claimed = await _claim(
                    session,
                    TransferRequest,
                    request.id,
                    utcnow(),
                    col(TransferRequest.status) == TransferStatus.PENDING,
                )
            if claimed and await self._ask(send, request):
                sent += 1
        return sent

    async def _ask(self, send: Sender, request: TransferRequest) -> bool:
        try:
            async with self._sessionmaker() as session:
                case = await session.get(Case, request.case_id)
                survivor, chat_id = await self._chat_of(session, case)
                assert case is not None
            t = self._catalogues.translator(survivor.language)
            notice = notices.new_message(t, kind="transfer", item_id=request.id.hex)
            message_id = await send(chat_id, notice)
        except (ChatUnreachable, MessageRefused, Undeliverable) as exc:
            # She can never be asked this way: not retried forever; the portal says why.
            reason = _give_up_reason(exc)
            log.warning("a transfer question is undeliverable (%s); the bot gave up", reason)
            async with self._sessionmaker() as session, session.begin():
                await do_give_up_transfer(session=session, request_id=request.id, reason=reason)
            return False
        except Exception as exc:
            log.warning("transfer question not sent yet (%s); will retry", type(exc).__name__)
            async with self._sessionmaker() as session, session.begin():
                row = await session.get(TransferRequest, request.id)
                if row is not None:
                    row.attempts += 1
                    row.next_attempt_at = utcnow() + outbox_repo.backoff(row.attempts)
                    session.add(row)
            return False
        async with self._sessionmaker() as session, session.begin():
            row = await session.get(TransferRequest, request.id)
            if row is not None and row.status == TransferStatus.PENDING:
                row.status = TransferStatus.ASKED
                session.add(row)
            await survivor_repo.remember_messages(
                session=session,
                survivor_id=survivor.id,
                message_ids=[message_id],
                notice_for=request.id,
            )
        return True

    # --- new-case alerts ------------------------------------------------------

    async def _alerts(self, send: Sender) -> int:
        async with self._sessionmaker() as session:
            due = await outbox_repo.due_alerts(session=session, now=utcnow())
        sent = 0
        for alert in due:
            async with self._sessionmaker() as session, session.begin():
                claimed = await _claim(
                    session,
                    CaseAlert,
                    alert.id,
                    utcnow(),
                    col(CaseAlert.sent_at).is_(None),
                    col(CaseAlert.undeliverable) == "",
                )
            if not claimed:
                continue
            chat_id = self._alert_chats.get(alert.service_id)
            try:
                if chat_id is not None:
                    text = alert_text(alert, self._portal_url)
                    await send(chat_id, Send(text=text, step="alert"))
                    sent += 1
            except (ChatUnreachable, MessageRefused) as exc:
                # The bot is not in that group any more, or the chat is gone: sending
                # again cannot help. Marked; the services page tells the administrator.
                assert chat_id is not None
                reason = _alert_give_up_reason(exc)
                log.warning("alert for %s undeliverable (%s); gave up", alert.reference, reason)
                async with self._sessionmaker() as session, session.begin():
                    row = await session.get(CaseAlert, alert.id)
                    if row is not None:
                        outbox_repo.give_up_alert(row, reason, chat=self.chat_mark(chat_id))
                        session.add(row)
                continue
            except Exception as exc:
                log.warning("alert for %s not sent yet (%s)", alert.reference, type(exc).__name__)
                async with self._sessionmaker() as session, session.begin():
                    row = await session.get(CaseAlert, alert.id)
                    if row is not None:
                        outbox_repo.retry_later(row, type(exc).__name__)
                        session.add(row)
                continue
            async with self._sessionmaker() as session, session.begin():
                row = await session.get(CaseAlert, alert.id)
                if row is not None:
                    row.sent_at = utcnow()
                    session.add(row)
        return sent

    def chat_mark(self, chat_id: int) -> str:
        """A keyed hash of an alert chat: enough to tell chats apart, not to name one."""
        return hmac.new(self._chat_key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:16]

    async def requeue_alerts_for_new_chats(self) -> int:
        """Alerts a chat refused go out again once the deployment names another chat.

        Run in the first delivery round after the bot starts (the alert chats are
        deployment configuration, read at start) and every `REQUEUE_EVERY` after it: a
        service whose chat changed gets its open cases' given-up alerts queued again,
        recorded in the activity log. A service with the same chat, or with no chat now,
        keeps them given up. Running it again is what heals a rolling restart, where the
        old replica, still on the old chat, gives up what the new one queued.
        """
        total = 0
        for service_id, chat_id in self._alert_chats.items():
            if chat_id is None:
                continue
            async with self._sessionmaker() as session, session.begin():
                count = await outbox_repo.requeue_alerts(
                    session=session,
                    service_id=service_id,
                    now=utcnow(),
                    unless_chat=self.chat_mark(chat_id),
                )
                if count:
                    await casework_repo.audit(
                        session=session,
                        action="alerts_requeued",
                        actor="bot",
                        detail=alerts_requeued_detail(service_id, count, why="chat_changed"),
                    )
            total += count
        return total


def alerts_requeued_detail(service_id: str, count: int, *, why: str) -> str:
    """The activity log's detail of alerts queued again: ids and a number, no content."""
    return urlencode({"service": service_id, "count": count, "why": why})


def _alert_give_up_reason(exc: Exception) -> str:
    if isinstance(exc, MessageRefused):
        return "refused"
    if isinstance(exc, ChatUnreachable) and exc.not_found:  # a 400: "chat not found"
        return "chat_not_found"
    return "removed"  # a 403: the bot was removed from the group (or the group is gone)


def _give_up_reason(exc: Exception) -> str:
    if isinstance(exc, ChatUnreachable):
        return "blocked"
    if isinstance(exc, MessageRefused):
        return "refused"
    return "no_messages"  # she takes no messages from the service (or erased her account)


def alert_text(alert: CaseAlert, portal_url: str) -> str:
    """For the service's own chat, not hers: reference, severity and a link. Never
    content: the chat may be read by many."""
    return "New case {reference} · severity {severity}\n{url}/cases/ref/{reference}".format(
        reference=alert.reference, severity=alert.severity, url=portal_url
    )
