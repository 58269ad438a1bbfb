"""The bot's outboxes: caseworker replies and new-case alerts, retried until sent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Case, CaseMessage, CaseStatus, Survivor
from bot.storage.portal_models import CaseAlert, ReplyOutbox
from bot.storage.types import utcnow

CLAIM_SECONDS = 60
MAX_BACKOFF_SECONDS = 300
# Cases a new-case alert still matters for: nobody has closed, referred or lost them yet.
ALERT_STILL_USEFUL = (CaseStatus.NEW.value, CaseStatus.IN_PROGRESS.value)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2 ** min(attempts, 9)))


async def queue_reply(
    *, session: AsyncSession, message_id: uuid.UUID, sealed_for_bot: bytes
) -> None:
    session.add(ReplyOutbox(message_id=message_id, sealed_for_bot=sealed_for_bot))
    await session.flush()


async def due_replies(
    *, session: AsyncSession, now: datetime, limit: int = 50
) -> Sequence[tuple[ReplyOutbox, CaseMessage]]:
    rows = (
        await session.exec(
            select(ReplyOutbox, CaseMessage)
            .join(CaseMessage, col(CaseMessage.id) == col(ReplyOutbox.message_id))
            .join(Case, col(Case.id) == col(CaseMessage.case_id))
            .outerjoin(Survivor, col(Survivor.id) == col(Case.survivor_id))
            .where(col(ReplyOutbox.notified_at).is_(None))  # she has its notice
            .where(or_(col(Survivor.id).is_(None), col(Survivor.messages_paused).is_(False)))
            .where(ReplyOutbox.next_attempt_at <= now)
            .where(col(ReplyOutbox.undeliverable) == "")
            .where(
                or_(col(ReplyOutbox.claimed_until).is_(None), col(ReplyOutbox.claimed_until) < now)
            )
            .order_by(col(CaseMessage.created_at))
            .limit(limit)
        )
    ).all()
    return [(outbox, message) for outbox, message in rows]


async def claim_reply(*, session: AsyncSession, message_id: uuid.UUID, now: datetime) -> bool:
    """Claim one reply for a short while so two bot replicas never both send it."""
    result = await session.exec(  # type: ignore[call-overload]
        update(ReplyOutbox)
        .where(col(ReplyOutbox.message_id) == message_id)
        .where(or_(col(ReplyOutbox.claimed_until).is_(None), col(ReplyOutbox.claimed_until) < now))
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return bool(result.rowcount == 1)


async def reply_states(*, session: AsyncSession, case_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The case's replies whose notice has not reached her phone: "" while the bot
    tries, else why it gave up."""
    rows = (
        await session.exec(
            select(ReplyOutbox.message_id, ReplyOutbox.undeliverable)
            .join(CaseMessage, col(CaseMessage.id) == col(ReplyOutbox.message_id))
            .where(CaseMessage.case_id == case_id)
            .where(col(ReplyOutbox.notified_at).is_(None))
        )
    ).all()
    return dict(rows)


def give_up(row: ReplyOutbox, reason: str) -> None:
    """Telegram will never take this reply: stop trying, and let the portal say why."""
    row.undeliverable = reason[:32]
    row.claimed_until = None
    row.last_error = reason[:128]


async def queue_alert(
    *, session: AsyncSession, reference: str, service_id: str, severity: str
) -> None:
    session.add(CaseAlert(reference=reference, service_id=service_id, severity=severity))


async def due_alerts(
    *, session: AsyncSession, now: datetime, limit: int = 50
) -> Sequence[CaseAlert]:
    return (
        await session.exec(
            select(CaseAlert)
            .where(col(CaseAlert.sent_at).is_(None))
            .where(col(CaseAlert.undeliverable) == "")
            .where(CaseAlert.next_attempt_at <= now)
            .order_by(col(CaseAlert.created_at))
            .limit(limit)
        )
    ).all()


def give_up_alert(row: CaseAlert, reason: str, *, chat: str) -> None:
    """Telegram will never take this alert in this chat (`chat`: its keyed hash): stop."""
    row.undeliverable = reason[:32]
    row.refused_chat = chat[:16]


def _open_cases_alerts(service_id: str) -> Any:
    """Given-up alerts of this service whose case is still open."""
    still_open = select(Case.reference).where(col(Case.status).in_(ALERT_STILL_USEFUL))
    return (
        update(CaseAlert)
        .where(col(CaseAlert.service_id) == service_id)
        .where(col(CaseAlert.sent_at).is_(None))
        .where(col(CaseAlert.undeliverable) != "")
        .where(col(CaseAlert.reference).in_(still_open))
    )


async def requeue_alerts(
    *, session: AsyncSession, service_id: str, now: datetime, unless_chat: str | None = None
) -> int:
    """Queue the service's given-up alerts of open cases again, as new; returns how many.

    With `unless_chat`, only those another chat refused (the deployment named a new one).
    Alerts of closed cases stay as they are: nobody needs to hear of those now.
    """
    query = _open_cases_alerts(service_id)
    if unless_chat is not None:
        query = query.where(col(CaseAlert.refused_chat) != unless_chat)
    result = await session.exec(  # type: ignore[call-overload]
        query.values(undeliverable="", refused_chat="", attempts=0, next_attempt_at=now)
    )
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class AlertTrouble:
    """Why a service's alerts are not arriving: how many open cases, and Telegram's answer."""

    count: int
    reason: str


async def alert_troubles(*, session: AsyncSession) -> dict[str, AlertTrouble]:
    """Per service, the open cases whose alert Telegram refused (the latest reason)."""
    rows = (
        await session.exec(
            select(CaseAlert.service_id, CaseAlert.undeliverable)
            .join(Case, col(Case.reference) == col(CaseAlert.reference))
            .where(col(Case.status).in_(ALERT_STILL_USEFUL))
            .where(col(CaseAlert.sent_at).is_(None))
            .where(col(CaseAlert.undeliverable) != "")
            .order_by(col(CaseAlert.created_at))
        )
    ).all()
    troubles: dict[str, AlertTrouble] = {}
    for service_id, reason in rows:
        before = troubles.get(service_id)
        troubles[service_id] = AlertTrouble((before.count if before else 0) + 1, reason)
    return troubles


def retry_later(row: ReplyOutbox | CaseAlert, error: str) -> None:
    row.attempts += 1
    row.next_attempt_at = utcnow() + backoff(row.attempts)
    if isinstance(row, ReplyOutbox):
        row.claimed_until = None
        row.last_error = error[:128]
