"""The portal's view of cases: the inbox query, who works a case, notes, audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case as sql_case
from sqlalchemy import literal
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Case, CaseMessage, CaseStatus, Evidence
from bot.storage.portal_models import AuditEntry, CaseNote, CaseWork
from bot.storage.types import utcnow

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "none": 0}
OPEN_STATUSES = (CaseStatus.NEW.value, CaseStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class InboxFilter:
    status: str = "open"  # "open", "all" or one status
    severity: str = ""
    category: str = ""
    country: str = ""
    reported_by: str = ""  # "self" or "someone_else"; "" for either


async def inbox(
    *,
    session: AsyncSession,
    service_ids: Sequence[str],
    filters: InboxFilter,
    limit: int = 500,
) -> Sequence[Case]:
    """Cases of these services, most severe first, then those waiting longest."""
    if not service_ids:
        return []
    rank = sql_case(
        *[(col(Case.severity) == name, value) for name, value in SEVERITY_RANK.items()], else_=0
    )
    query = select(Case).where(col(Case.partner_service_id).in_(service_ids))
    if filters.status == "open":
        query = query.where(col(Case.status).in_(OPEN_STATUSES))
    elif filters.status and filters.status != "all":
        query = query.where(Case.status == filters.status)
    if filters.severity:
        query = query.where(Case.severity == filters.severity)
    if filters.country:
        query = query.where(Case.country == filters.country)
    if filters.reported_by:
        query = query.where(Case.reported_by == filters.reported_by)
    if filters.category:
        padded = literal(",").concat(col(Case.categories)).concat(",")
        query = query.where(padded.like("%,{},%".format(filters.category)))
    query = query.order_by(rank.desc(), col(Case.created_at).asc()).limit(limit)
    return (await session.exec(query)).all()


async def case_by_id(*, session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    return await session.get(Case, case_id)


async def evidence_of_case(*, session: AsyncSession, case_id: uuid.UUID) -> Sequence[Evidence]:
    return (
        await session.exec(
            select(Evidence).where(Evidence.case_id == case_id).order_by(col(Evidence.received_at))
        )
    ).all()


async def work_of(*, session: AsyncSession, case_id: uuid.UUID) -> CaseWork:
    row = await session.get(CaseWork, case_id)
    if row is None:
        row = CaseWork(case_id=case_id)
        session.add(row)
    return row


async def works_of(
    *, session: AsyncSession, case_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CaseWork]:
    if not case_ids:
        return {}
    rows = (await session.exec(select(CaseWork).where(col(CaseWork.case_id).in_(case_ids)))).all()
    return {row.case_id: row for row in rows}


async def last_messages(
    *, session: AsyncSession, case_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Per case, who wrote last ("survivor" or "caseworker"): flags answers to read."""
    if not case_ids:
        return {}
    rows = (
        await session.exec(
            select(CaseMessage.case_id, CaseMessage.author)
            .where(col(CaseMessage.case_id).in_(case_ids))
            .order_by(col(CaseMessage.created_at))
        )
    ).all()
    return {case_id: author for case_id, author in rows}


async def add_note(
    *,
    session: AsyncSession,
    note_id: uuid.UUID,
    case_id: uuid.UUID,
    service_id: str,
    author_label: str,
    body_sealed: bytes,
) -> CaseNote:
    note = CaseNote(
        id=note_id,
        case_id=case_id,
        service_id=service_id,
        author_label=author_label,
        body_sealed=body_sealed,
    )
    session.add(note)
    await session.flush()
    return note


async def notes_of(*, session: AsyncSession, case_id: uuid.UUID) -> Sequence[CaseNote]:
    return (
        await session.exec(
            select(CaseNote).where(CaseNote.case_id == case_id).order_by(col(CaseNote.created_at))
        )
    ).all()


async def audit(
    *,
    session: AsyncSession,
    action: str,
    actor: str,
    account_id: uuid.UUID | None = None,
    case: Case | None = None,
    detail: str = "",
) -> None:
    """Record an action. `detail` must never carry content."""
    session.add(
        AuditEntry(
            case_id=case.id if case else None,
            reference=case.reference if case else None,
            account_id=account_id,
            actor=actor[:254],
            action=action,
            detail=detail[:256],
            created_at=utcnow(),
        )
    )


async def audit_of_case(*, session: AsyncSession, case_id: uuid.UUID) -> Sequence[AuditEntry]:
    return (
        await session.exec(
            select(AuditEntry)
            .where(AuditEntry.case_id == case_id)
            .order_by(col(AuditEntry.created_at))
        )
    ).all()


async def recent_audit(*, session: AsyncSession, limit: int = 200) -> Sequence[AuditEntry]:
    return (
        await session.exec(
            select(AuditEntry).order_by(col(AuditEntry.created_at).desc()).limit(limit)
        )
    ).all()
