"""Finding 1: erased is gone, from the database's raw files, on SQLite and PostgreSQL.

Each test first proves it can see her data in the raw bytes (so it can fail),
then erases, then looks again for her words, her file's bytes and every
ciphertext that ever held them (a ciphertext that remains is a remnant, even
sealed). SQLite: the database file, -wal and -shm, read while the bot runs.
PostgreSQL: the database's files after a checkpoint and the scheduled sweep.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import col, select

from bot.app import Application
from bot.flows.events import FileReceived
from bot.storage.erasure import erase_remnants
from bot.storage.models import Case, CaseMessage, Conversation, Evidence, Survivor
from bot.storage.portal_models import AuditEntry, CaseNote, ReplyOutbox
from bot.storage.retention import sweep_if_due
from bot.storage.types import utcnow
from tests.helpers.portal import REPORT_SCRIPT, Worker, caseworker, client, csrf_of, login
from tests.helpers.remnants import database_bytes, found, needles_of
from tests.helpers.transcript import event_from

_updates = itertools.count(70_000)


class SurvivorDriver:
    """One survivor driving the real conversation service, remembering every ciphertext
    of hers the database held along the way."""

    def __init__(self, app: Application, user_id: int) -> None:
        self.app = app
        self.user_id = user_id
        tag = secrets.token_hex(6)
        self.narrative = "Remnant {} he sent my photos to my employer at Kralja Petra 7.".format(
            tag
        )
        self.document = ("%PDF-1.4 remnant " + tag + " " + secrets.token_hex(2500)).encode()
        self.answer = "Remnant {} I moved to my aunt in Nis.".format(tag)
        self.ciphertexts: dict[str, list[bytes]] = {}
        self.reference: str | None = None

    async def send(self, step: dict[str, object]) -> None:
        event = (
            FileReceived("document", len(self.document), self.document, name="chat.pdf")
            if "document" in step
            else event_from({"text": self.narrative} if "text" in step else step)
        )
        outcome = await self.app.conversations.handle(
            update_id=next(_updates),
            telegram_user_id=self.user_id,
            chat_id=self.user_id,
            event=event,
        )
        self.reference = outcome.case_reference or self.reference
        await self.collect()

    async def collect(self) -> None:
        """Every sealed or encrypted column of hers in the database, as it is now."""
        key = self.app.keyring.identity.survivor_key(self.user_id)
        async with self.app.sessionmaker() as session:
            survivor = (
                await session.exec(select(Survivor).where(Survivor.key_hash == key))
            ).first()
            if survivor is None:
                return
            cases = (await session.exec(select(Case).where(Case.survivor_id == survivor.id))).all()
            case_ids = [case.id for case in cases]
            rows: list[tuple[object, str]] = [(survivor, "reply_chat_enc")]
            rows += [(case, "content_enc") for case in cases]
            for table, attr, column in (
                (Conversation, "state_enc", Conversation.survivor_id == survivor.id),
                (Evidence, "blob_enc", Evidence.survivor_id == survivor.id),
                (CaseMessage, "body_enc", col(CaseMessage.case_id).in_(case_ids)),
                (CaseNote, "body_sealed", col(CaseNote.case_id).in_(case_ids)),
            ):
                rows += [(row, attr) for row in (await session.exec(select(table).where(column)))]
            messages = select(CaseMessage.id).where(col(CaseMessage.case_id).in_(case_ids))
            outbox = select(ReplyOutbox).where(col(ReplyOutbox.message_id).in_(messages))
            rows += [(row, "sealed_for_bot") for row in (await session.exec(outbox)).all()]
        for row, attr in rows:
            blob = getattr(row, attr)
            if blob:
                name = "{}.{} {}".format(type(row).__tablename__, attr, bytes(blob)[-8:].hex())
                self.ciphertexts[name] = needles_of(bytes(blob))

    async def draft(self, until: str = "narrative:done") -> None:
        for step in REPORT_SCRIPT:
            if step.get("press") == until:
                return
            await self.send(step)

    async def report(self) -> None:
        for step in [*REPORT_SCRIPT, {"press": "consent:yes"}, {"press": "replies:yes"}]:
            await self.send(step)
        assert self.reference, "the report was not submitted"

    def needles(self) -> dict[str, list[bytes]]:
        return {
            "her narrative": [self.narrative.encode()],
            "her document": needles_of(self.document),
            "her answer": [self.answer.encode()],
            **self.ciphertexts,
        }


async def _caseworker_writes(portal: FastAPI, worker: Worker, case: Case, note: str) -> None:
    async with client(portal) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        for action, body in (("reply", "We can help; call us."), ("note", note)):
            response = await http.post(
                "/cases/{}/{}".format(case.id, action), data={"csrf": csrf, "body": body}
            )
            assert response.status_code == 303, response.text
        evidence = (await http.get("/cases/{}".format(case.id))).text
        assert "/evidence/" in evidence
        evidence_path = evidence.split('href="/cases/{}/evidence/'.format(case.id))[1].split('"')[0]
        download = await http.get("/cases/{}/evidence/{}".format(case.id, evidence_path))
        assert download.status_code == 200


async def _after_compaction(app: Application, needles: dict[str, list[bytes]]) -> bytes:
    """The raw files once erased rows are gone. On PostgreSQL a compaction keeps rows that
    a concurrent snapshot (an autovacuum ANALYZE) may still see; the next one removes
    them, as the next daily run would: up to three runs, a second apart."""
    raw = await database_bytes(app.settings.database_url)
    for _ in range(2):
        if app.engine.dialect.name != "postgresql" or not found(raw, needles):
            break
        await asyncio.sleep(1.0)
        await erase_remnants(app.engine, compact=True)
        raw = await database_bytes(app.settings.database_url)
    return raw


async def _sent(chat_id: int, send: object) -> int:
    """A transport that accepts every message (the reply's delivery is not under test)."""
    return 1


async def test_forget_leaves_no_remnant_in_the_raw_files(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    # The service has keys: her case is sealed to it.
    worker = await caseworker(app, email="cw@service-rs.org", services=["demo-rs"])
    her = SurvivorDriver(app, user_id=610)
    other = SurvivorDriver(app, user_id=611)  # someone else's report must survive
    await her.report()
    await other.report()
    async with app.sessionmaker() as session:
        case = (await session.exec(select(Case).where(Case.reference == her.reference))).one()
    note = "Remnant note {}: she fears he tracks her phone.".format(secrets.token_hex(4))
    await _caseworker_writes(portal, worker, case, note)
    await app.delivery.run_once(_sent)  # the reply reaches her
    await her.send({"text": her.answer})  # she answers the caseworker
    await her.send({"text": her.answer})
    needles = {**her.needles(), "the caseworker's note": [note.encode()]}

    before = await database_bytes(app.settings.database_url)
    visible = found(before, needles)
    assert any(name.startswith("case.content_enc") for name in visible), visible
    assert any(name.startswith("evidence.blob_enc") for name in visible), visible

    await her.send({"command": "forget"})  # it would withdraw her report: she confirms
    await her.send({"press": "forget:yes"})
    await sweep_if_due(engine=app.engine, sessionmaker=app.sessionmaker)  # PostgreSQL compacts

    after = await _after_compaction(app, needles)
    assert found(after, needles) == []
    still = found(after, other.needles())
    assert any(name.startswith("case.content_enc") for name in still), "others' data must stay"
    async with app.sessionmaker() as session:
        downloads = (
            await session.exec(
                select(AuditEntry)
                .where(AuditEntry.case_id == case.id)
                .where(AuditEntry.action == "downloaded")
            )
        ).all()
    assert [entry.detail for entry in downloads] == [""]  # no digest of her file stays


async def test_a_dropped_draft_leaves_no_remnant(app: Application) -> None:
    her = SurvivorDriver(app, user_id=620)
    await her.draft()
    before = await database_bytes(app.settings.database_url)
    assert found(before, her.ciphertexts), "the test must see her draft first"
    await her.send({"press": "x"})  # quick exit: the draft is dropped
    await sweep_if_due(engine=app.engine, sessionmaker=app.sessionmaker)
    after = await _after_compaction(app, her.needles())
    assert found(after, her.needles()) == []


async def test_an_abandoned_draft_expires_and_leaves_no_remnant(app: Application) -> None:
    her = SurvivorDriver(app, user_id=630)
    await her.draft()
    recent = SurvivorDriver(app, user_id=631)
    await recent.draft()
    month_ago = utcnow() - timedelta(days=31)
    async with app.sessionmaker() as session, session.begin():
        # Her draft was last touched 31 days ago; the other one today.
        survivor = (
            await session.exec(
                select(Survivor).where(Survivor.key_hash == app.keyring.identity.survivor_key(630))
            )
        ).one()
        survivor.last_seen_at = month_ago
        session.add(survivor)
        for table in (Conversation, Evidence):
            for row in (await session.exec(select(table))).all():
                if row.survivor_id == survivor.id:
                    setattr(
                        row, "updated_at" if table is Conversation else "received_at", month_ago
                    )
                    session.add(row)
    report = await sweep_if_due(
        engine=app.engine, sessionmaker=app.sessionmaker, retention=timedelta(days=30)
    )
    assert report.expired is not None
    assert (report.expired.drafts, report.expired.files, report.expired.survivors) == (1, 1, 1)
    after = await _after_compaction(app, her.needles())
    assert found(after, her.needles()) == []
    assert found(after, recent.ciphertexts), "a recent draft stays"
    # The schedule is in the database: a second call within the hour does nothing.
    again = await sweep_if_due(engine=app.engine, sessionmaker=app.sessionmaker)
    assert again.expired is None


def test_the_sweep_command_keeps_its_schedule_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`safe-report sweep` (cron) and the bot's loop share the schedule in the database:
    a new process (a restart) neither resets it nor runs a job twice."""
    from bot.cli import main

    monkeypatch.setenv(
        "SAFE_REPORT_DATABASE_URL", "sqlite+aiosqlite:///{}".format(tmp_path / "s.db")
    )
    assert main(["sweep"]) == 0
    assert "Drafts older than 30 days deleted: 0" in capsys.readouterr().out
    assert main(["sweep"]) == 0
    assert "not due yet" in capsys.readouterr().out
    assert main(["sweep", "--now"]) == 0
    assert "deleted: 0" in capsys.readouterr().out


async def test_two_replicas_claim_a_due_job_once(app: Application) -> None:
    from bot.storage.retention import claim_run

    now = utcnow()

    async def claim() -> bool:
        async with app.sessionmaker() as session, session.begin():
            return await claim_run(
                session=session, name="expire_drafts", every=timedelta(hours=1), now=now
            )

    assert sorted(await asyncio.gather(claim(), claim(), claim())) == [False, False, True]
    later = now + timedelta(hours=2)
    async with app.sessionmaker() as session, session.begin():
        assert await claim_run(
            session=session, name="expire_drafts", every=timedelta(hours=1), now=later
        )
