"""The bot's delivery loop: caseworker replies, transfer questions and new-case alerts.

Transport-agnostic: a transport only needs `send(chat_id, text, buttons) -> message id`.
Every item stays in its outbox until Telegram accepted it; failures are retried
with backoff, never dropped. A short claim stops two bot replicas sending the
same reply twice.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.actions import Button, Keyboard
from bot.flows.context import TranslatorLike
from bot.flows.report import TRANSFER_PREFIX
from bot.flows.steps import EXIT_DATA
from bot.i18n import Catalogues
from bot.services import keys
from bot.storage.crypto import Keyring
from bot.storage.models import Case, CaseMessage, Survivor
from bot.storage.portal_models import CaseAlert, ReplyOutbox, TransferRequest, TransferStatus
from bot.storage.repositories import casework as casework_repo
from bot.storage.repositories import outbox as outbox_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.repositories import survivors as survivor_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.types import utcnow

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)


class Transport(Protocol):
    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int: ...


class Undeliverable(Exception):
    """This item cannot go out now (no reply channel, key mismatch); it is retried later."""


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
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keyring = keyring
        self._pair = keys.delivery_key_pair(delivery_secret)
        self._catalogues = catalogues
        self._partner_name = partner_name
        self._alert_chats = alert_chats
        self._portal_url = portal_url.rstrip("/")

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

    async def run(self, transport: Transport, *, interval: float = 1.0) -> None:
        await self.publish_key()
        while True:
            try:
                await self.run_once(transport)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery round failed; trying again")
            await asyncio.sleep(interval)

    async def run_once(self, transport: Transport) -> int:
        sent = await self._replies(transport)
        sent += await self._questions(transport)
        sent += await self._alerts(transport)
        return sent

    # --- caseworker replies ---------------------------------------------------

    async def _replies(self, transport: Transport) -> int:
        async with self._sessionmaker() as session:
            due = await outbox_repo.due_replies(session=session, now=utcnow())
        sent = 0
        for outbox, message in due:
            async with self._sessionmaker() as session, session.begin():
                claimed = await outbox_repo.claim_reply(
                    session=session, message_id=message.id, now=utcnow()
                )
            if claimed and await self._deliver_reply(transport, outbox, message):
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

    def _exit_row(self, t: TranslatorLike) -> tuple[Button, ...]:
        return (Button(t.gettext("Exit"), EXIT_DATA),)

    async def _deliver_reply(
        self, transport: Transport, outbox: ReplyOutbox, message: CaseMessage
    ) -> bool:
        try:
            async with self._sessionmaker() as session:
                case = await session.get(Case, message.case_id)
                survivor, chat_id = await self._chat_of(session, case)
                assert case is not None
            body = keys.open_sealed(self._pair.private, outbox.sealed_for_bot, aad=message.id.bytes)
            t = self._catalogues.translator(survivor.language)
            service = self._partner_name(case.partner_service_id, t)
            text = t.gettext("Message from {service}:").format(service=service)
            text = "{}\n\n{}".format(html.escape(text), html.escape(body.decode()))
            message_id = await transport.send(chat_id, text, (self._exit_row(t),))
        except Exception as exc:
            log.warning("reply not delivered yet (%s); will retry", type(exc).__name__)
            async with self._sessionmaker() as session, session.begin():
                row = await session.get(ReplyOutbox, message.id)
                if row is not None:
                    outbox_repo.retry_later(row, type(exc).__name__)
                    session.add(row)
            return False
        async with self._sessionmaker() as session, session.begin():
            stored = await session.get(CaseMessage, message.id)
            if stored is not None:
                stored.delivered_at = utcnow()
                session.add(stored)
            await session.exec(  # type: ignore[call-overload]
                delete(ReplyOutbox).where(col(ReplyOutbox.message_id) == message.id)
            )
            await survivor_repo.remember_messages(
                session=session, survivor_id=survivor.id, message_ids=[message_id]
            )
            await casework_repo.audit(
                session=session, action="reply_delivered", actor="bot", case=case
            )
        return True

    # --- transfer questions ---------------------------------------------------

    async def _questions(self, transport: Transport) -> int:
        async with self._sessionmaker() as session:
            due = await transfer_repo.due_questions(session=session, now=utcnow())
        sent = 0
        for request in due:
            if await self._ask(transport, request):
                sent += 1
        return sent

    async def _ask(self, transport: Transport, request: TransferRequest) -> bool:
        try:
            async with self._sessionmaker() as session:
                case = await session.get(Case, request.case_id)
                survivor, chat_id = await self._chat_of(session, case)
                assert case is not None
            t = self._catalogues.translator(survivor.language)
            _ = t.gettext
            text = _(
                "{service} would like to pass your report {reference} to {other}, who may be "
                "able to help you better. {other} would receive everything in your report. "
                "Nothing is passed on unless you say yes."
            ).format(
                service=self._partner_name(request.from_service, t),
                reference=case.reference,
                other=self._partner_name(request.to_service, t),
            )
            data = "{}{}:".format(TRANSFER_PREFIX, request.id.hex)
            buttons: Keyboard = (
                (Button(_("Yes, pass it on"), data + "yes"),),
                (Button(_("No, keep it where it is"), data + "no"),),
                self._exit_row(t),
            )
            message_id = await transport.send(chat_id, html.escape(text), buttons)
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
                session=session, survivor_id=survivor.id, message_ids=[message_id]
            )
        return True

    # --- new-case alerts ------------------------------------------------------

    async def _alerts(self, transport: Transport) -> int:
        async with self._sessionmaker() as session:
            due = await outbox_repo.due_alerts(session=session, now=utcnow())
        sent = 0
        for alert in due:
            chat_id = self._alert_chats.get(alert.service_id)
            try:
                if chat_id is not None:
                    await transport.send(chat_id, alert_text(alert, self._portal_url), ())
                    sent += 1
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


def alert_text(alert: CaseAlert, portal_url: str) -> str:
    """Reference, severity and a link. Never content: the chat may be read by many."""
    return "New case {reference} · severity {severity}\n{url}/cases/ref/{reference}".format(
        reference=alert.reference, severity=alert.severity, url=portal_url
    )


def build_delivery(app: Application) -> DeliveryService:
    from bot.web.config import portal_config

    t_name = app.routing.partner_name
    return DeliveryService(
        sessionmaker=app.sessionmaker,
        keyring=app.keyring,
        delivery_secret=app.settings.secret_bytes,
        catalogues=app.catalogues,
        partner_name=t_name,
        alert_chats={p.id: p.alert_chat_id for p in app.routing.partners},
        portal_url=portal_config(app.settings).public_url,
    )
