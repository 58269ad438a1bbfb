"""What a copy of the database (plus the bot's settings) reveals: nothing she wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.services import key_admin, keys
from bot.storage.crypto import DecryptionError, Keyring
from bot.storage.models import Case, CaseMessage, Evidence
from bot.storage.portal_models import AuditEntry, CaseNote, ReplyOutbox
from bot.storage.repositories import service_keys as key_repo
from tests.helpers.portal import (
    NARRATIVE,
    caseworker,
    client,
    command,
    csrf_of,
    login,
    press,
    say,
    submit_report,
)

ANSWER = "I am staying with my sister in Novi Sad."
SECRET_WORDS = ("Lipa Street", "sister in Novi Sad", "screenshot export")


def _db_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.glob("test.db*"))


async def _assert_bot_cannot_open(app: Application) -> None:
    """The bot's own key (from its settings) opens no submitted item."""
    bot_keys = Keyring(app.settings.secret_bytes)
    async with app.sessionmaker() as session:
        for case in (await session.exec(select(Case))).all():
            if case.content_enc is None:
                continue
            assert keys.is_sealed(case.content_enc)
            with pytest.raises(DecryptionError):
                bot_keys.content.decrypt(case.content_enc, aad=case.id.bytes)
        for evidence in (await session.exec(select(Evidence))).all():
            assert keys.is_sealed(evidence.blob_enc)
        for message in (await session.exec(select(CaseMessage))).all():
            assert keys.is_sealed(message.body_enc)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
async def test_db_and_settings_reveal_nothing_she_wrote(
    app: Application, tmp_path: Path, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=301)
    await say(app, 301, ANSWER)
    await _assert_bot_cannot_open(app)
    settings_dump = app.settings.model_dump_json() + app.settings.secret_key.get_secret_value()
    for words in SECRET_WORDS:
        assert words not in settings_dump
        if "sqlite" in app.settings.database_url:
            assert words.encode() not in _db_bytes(tmp_path)
    # With the service's key, the portal shows all of it.
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
    assert "12 Lipa Street" in page
    assert ANSWER in page
    assert "chat.pdf" in page


async def test_forget_leaves_nothing_decryptable(
    app: Application, tmp_path: Path, portal: FastAPI, delivery_key: None
) -> None:
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=302)
    await say(app, 302, ANSWER)
    async with client(portal) as http:
        await login(http, worker)
        csrf = csrf_of((await http.get("/cases/{}".format(case.id))).text)
        await http.post("/cases/{}/note".format(case.id), data={"csrf": csrf, "body": "Called"})
        await http.post("/cases/{}/reply".format(case.id), data={"csrf": csrf, "body": "Hi"})
    asked = await command(app, 302, "forget")  # it would withdraw her report: one question
    assert any(getattr(a, "step", "") == "forget" for a in asked.actions)
    async with app.sessionmaker() as session:
        assert (await session.get(Case, case.id)).status != "withdrawn"  # type: ignore[union-attr]
    await press(app, 302, "forget:yes")
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
        assert stored is not None
        assert stored.status == "withdrawn" and stored.content_enc is None
        assert stored.survivor_id is None
        for table in (Evidence, CaseMessage, CaseNote, ReplyOutbox):
            assert (await session.exec(select(table))).all() == [], table.__name__
        audit = (await session.exec(select(AuditEntry))).all()
        assert {e.action for e in audit} >= {"note", "reply"}
        assert all(e.detail == "" or "Called" not in e.detail for e in audit)
    for words in (*SECRET_WORDS, "Called"):
        assert words.encode() not in _db_bytes(tmp_path)
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(case.id))).text
    assert "She withdrew this report" in page


async def test_rotation_reseals_and_regrants(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    first = await caseworker(app, email="one@service-b.org", services=["demo-rs"])
    second = await caseworker(app, email="two@service-b.org", services=["demo-rs"])
    case = await submit_report(app, user_id=303)
    await say(app, 303, ANSWER)
    async with app.sessionmaker() as session, session.begin():
        old = await key_repo.active_service_key(session=session, service_id="demo-rs")
        assert old is not None
        from tests.helpers.portal import _any_member_key

        old_private = await _any_member_key(session, "demo-rs")
        created, count = await key_admin.rotate_service_keys(
            session=session, service_id="demo-rs", old_private=old_private, added_by="test"
        )
    assert count >= 3 and created.fingerprint != old.fingerprint
    async with app.sessionmaker() as session:
        stored = await session.get(Case, case.id)
        assert stored is not None and stored.content_enc is not None
        assert keys.sealed_fingerprint(stored.content_enc) == created.fingerprint
        with pytest.raises(keys.SealError):
            keys.open_sealed(old_private, stored.content_enc, aad=case.id.bytes)
    for worker in (first, second):
        async with client(portal) as http:
            await login(http, worker)
            page = (await http.get("/cases/{}".format(case.id))).text
        assert "12 Lipa Street" in page and ANSWER in page
    # The recovery code printed at rotation opens the new key.
    async with app.sessionmaker() as session:
        recovered = await key_admin.recover_service_key(
            session=session, service_id="demo-rs", code=created.recovery_code
        )
    assert keys.key_pair_from(recovered).fingerprint == created.fingerprint


async def test_partner_without_keys_never_loses_the_case(
    app: Application, portal: FastAPI, delivery_key: None
) -> None:
    # No keys and no custodian (a fresh development database): kept under the bot's key.
    legacy_case = await submit_report(app, user_id=304)
    async with app.sessionmaker() as session, session.begin():
        fingerprint, code = await key_admin.create_custodian_key(session=session)
    custodian_case = await submit_report(app, user_id=305)
    async with app.sessionmaker() as session:
        stored = await session.get(Case, custodian_case.id)
        assert (
            stored is not None and keys.sealed_fingerprint(stored.content_enc or b"") == fingerprint
        )
    worker = await caseworker(app, email="b@service-b.org", services=["demo-rs"])
    async with client(portal) as http:
        await login(http, worker)
        page = (await http.get("/cases/{}".format(custodian_case.id))).text
    assert "not sealed to your service" in page
    # `safe-report keys create` (here: its steps) moves both to the service's key.
    async with app.sessionmaker() as session, session.begin():
        key = await key_repo.active_service_key(session=session, service_id="demo-rs")
        assert key is not None
        moved = await key_admin.reseal_service_cases(
            session=session,
            service_id="demo-rs",
            openers=[
                key_admin.legacy_opener(app.keyring.content),
                key_admin.private_opener(
                    await key_admin.custodian_private(session=session, code=code)
                ),
            ],
            to_public=key.public_key,
        )
    assert moved == 4  # two contents, two files
    async with client(portal) as http:
        await login(http, worker)
        for case in (legacy_case, custodian_case):
            assert NARRATIVE in (await http.get("/cases/{}".format(case.id))).text
