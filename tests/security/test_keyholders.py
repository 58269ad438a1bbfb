"""Finding 14: removing a member is asked first, and a service's last keyholder goes only
with its recovery code (a non-member administrator could leave its cases unreadable)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import select

from bot.app import Application
from bot.services import key_admin
from bot.storage.portal_models import Account, Membership
from tests.helpers.portal import caseworker, client, csrf_of, login


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv(
        "SAFE_REPORT_DATABASE_URL", "sqlite+aiosqlite:///{}".format(tmp_path / "c.db")
    )
    monkeypatch.setenv("SAFE_REPORT_PORTAL_KDF_TIME_COST", "1")
    monkeypatch.setenv("SAFE_REPORT_PORTAL_KDF_MEMORY_KIB", "8192")
    monkeypatch.setenv("SAFE_REPORT_CLI_PASSWORD", "first member password")
    return tmp_path


async def _service_with_one_member(app: Application) -> tuple[str, str]:
    """demo-rs with one member; returns her account id and the recovery code."""
    await caseworker(app, email="only@service-rs.org", services=[])
    async with app.sessionmaker() as session, session.begin():
        only = (
            await session.exec(select(Account).where(Account.email == "only@service-rs.org"))
        ).one()
        created, _private = await key_admin.create_service_keys(
            session=session, service_id="demo-rs", grant_to=[only], added_by="test"
        )
    return str(only.id), created.recovery_code


async def _members(app: Application) -> list[str]:
    async with app.sessionmaker() as session:
        rows = (await session.exec(select(Membership))).all()
    return [str(row.account_id) for row in rows if row.service_id == "demo-rs"]


async def test_the_last_keyholder_needs_the_recovery_code(
    app: Application, portal: FastAPI
) -> None:
    member_id, recovery_code = await _service_with_one_member(app)
    admin = await caseworker(app, email="admin@deployment.org", services=[], admin=True)
    async with client(portal) as http:
        await login(http, admin)
        accounts = (await http.get("/admin/accounts")).text
        link = "/admin/accounts/{}/remove?service=demo-rs".format(member_id)
        assert link in accounts  # a link to a question, not a button that removes at once
        question = await http.get(link)
        assert question.status_code == 200
        assert "last person who holds this service" in question.text
        csrf = csrf_of(question.text)
        target = "/admin/accounts/{}/remove".format(member_id)
        # The old one-click form (no confirmation) no longer removes anyone.
        unasked = await http.post(target, data={"csrf": csrf, "service": "demo-rs"})
        assert unasked.status_code == 400
        form = {"csrf": csrf, "service": "demo-rs", "confirm": "yes"}
        for code in ("", "AAAA-BBBB-CCCC"):
            refused = await http.post(target, data={**form, "recovery_code": code})
            assert refused.status_code == 400
            assert re.search("last person who holds the key|does not open", refused.text)
        assert await _members(app) == [member_id]
        done = await http.post(target, data={**form, "recovery_code": recovery_code})
        assert done.status_code == 303
    assert await _members(app) == []


async def test_a_member_who_is_not_the_last_goes_after_a_yes(
    app: Application, portal: FastAPI
) -> None:
    first = await caseworker(app, email="first@service-rs.org", services=["demo-rs"])
    await caseworker(app, email="second@service-rs.org", services=["demo-rs"])
    del first
    admin = await caseworker(app, email="admin@deployment.org", services=[], admin=True)
    async with app.sessionmaker() as session:
        second = (
            await session.exec(select(Account).where(Account.email == "second@service-rs.org"))
        ).one()
    async with client(portal) as http:
        await login(http, admin)
        link = "/admin/accounts/{}/remove?service=demo-rs".format(second.id)
        question = await http.get(link)
        assert "last person" not in question.text and "second@service-rs.org" in question.text
        done = await http.post(
            "/admin/accounts/{}/remove".format(second.id),
            data={"csrf": csrf_of(question.text), "service": "demo-rs", "confirm": "yes"},
        )
        assert done.status_code == 303
    assert str(second.id) not in await _members(app)
    assert len(await _members(app)) == 1


def test_the_cli_asks_and_keeps_the_last_keyholder_without_the_code(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    assert main(["accounts", "create", "--email", "lead@service.org"]) == 0
    assert main(["keys", "create", "--service", "demo-rs", "--grant", "lead@service.org"]) == 0
    code = re.search(r"Recovery code: (\S+)", capsys.readouterr().out)
    assert code
    remove = ["keys", "remove-member", "--service", "demo-rs", "--email", "lead@service.org"]
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(remove) == 1  # asked, and she said no
    assert "Nothing removed" in capsys.readouterr().out
    monkeypatch.setenv("SAFE_REPORT_CLI_RECOVERY_CODE", "")
    assert main([*remove, "--yes"]) == 1
    assert "last person who holds the key" in capsys.readouterr().err
    monkeypatch.setenv("SAFE_REPORT_CLI_RECOVERY_CODE", code.group(1))
    assert main([*remove, "--yes"]) == 0
