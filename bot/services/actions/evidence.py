"""Her files while she writes: kept under the bot's key, dropped when she takes them back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flows.actions import StoreEvidence
from bot.storage.crypto import ContentCipher
from bot.storage.repositories import cases as case_repo


async def do_store_evidence(
    *, session: AsyncSession, survivor_id: uuid.UUID, evidence: StoreEvidence, cipher: ContentCipher
) -> None:
    evidence_id = uuid.UUID(evidence.evidence_id)
    await case_repo.add_evidence(
        session=session,
        evidence_id=evidence_id,
        survivor_id=survivor_id,
        kind=evidence.kind,
        sha256=evidence.sha256,
        size=len(evidence.content),
        blob_enc=cipher.encrypt(evidence.content, aad=evidence_id.bytes),
    )


async def do_drop_evidence(
    *, session: AsyncSession, survivor_id: uuid.UUID, evidence_ids: Sequence[str]
) -> None:
    await case_repo.drop_evidence(
        session=session,
        survivor_id=survivor_id,
        evidence_ids=[uuid.UUID(i) for i in evidence_ids],
    )
