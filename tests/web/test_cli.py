"""The key and account commands, as an administrator would type them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.web.seed import DEMO_PASSWORD, seed_demo_accounts
from tests.helpers.portal import FAST_KDF


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv(
        "SAFE_REPORT_DATABASE_URL", "sqlite+aiosqlite:///{}".format(tmp_path / "c.db")
    )
    monkeypatch.setenv("SAFE_REPORT_PORTAL_KDF_TIME_COST", "1")
    monkeypatch.setenv("SAFE_REPORT_PORTAL_KDF_MEMORY_KIB", "8192")
    monkeypatch.setenv("SAFE_REPORT_CLI_PASSWORD", "first member password")
    return tmp_path


def test_create_add_rotate_recover(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "create", "--email", "lead@service.org"]) == 0
    assert main(["accounts", "create", "--email", "new@service.org"]) == 0
    assert main(["keys", "create", "--service", "demo-rs", "--grant", "lead@service.org"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Recovery code: (\S+)", out)
    assert code and "shown only once" in out
    assert main(["keys", "create", "--service", "demo-rs"]) == 1  # already has keys
    assert (
        main(
            [
                "keys",
                "add-member",
                "--service",
                "demo-rs",
                "--email",
                "new@service.org",
                "--by",
                "lead@service.org",
            ]
        )
        == 0
    )
    assert main(["keys", "rotate", "--service", "demo-rs", "--by", "new@service.org"]) == 0
    rotated = re.search(r"Recovery code: (\S+)", capsys.readouterr().out)
    assert rotated and rotated.group(1) != code.group(1)
    # The old code no longer opens the key; the new one does.
    import os

    os.environ["SAFE_REPORT_CLI_RECOVERY_CODE"] = code.group(1)
    try:
        assert main(["keys", "recover", "--service", "demo-rs", "--email", "new@service.org"]) == 1
        os.environ["SAFE_REPORT_CLI_RECOVERY_CODE"] = rotated.group(1)
        assert main(["keys", "recover", "--service", "demo-rs", "--email", "new@service.org"]) == 0
    finally:
        del os.environ["SAFE_REPORT_CLI_RECOVERY_CODE"]
    assert main(["accounts", "disable", "--email", "lead@service.org"]) == 0
    assert main(["keys", "status"]) == 0
    status = capsys.readouterr().out
    assert re.search(r"demo-rs\s+key [0-9a-f]{16}\s+members\s+2", status)
    assert re.search(r"demo-al\s+key NONE", status)


def test_unlock_and_disable_find_the_account_or_say_so(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from sqlmodel import select

    from bot.storage.engine import create_engine, create_sessionmaker
    from bot.storage.portal_models import Account

    assert main(["accounts", "create", "--email", "locked@service.org"]) == 0
    url = "sqlite+aiosqlite:///{}".format(cli_env / "c.db")

    async def account() -> Account:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                found = await session.exec(
                    select(Account).where(Account.email == "locked@service.org")
                )
                return found.one()
        finally:
            await engine.dispose()

    async def lock() -> None:
        from datetime import timedelta

        from bot.storage.types import utcnow

        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                row = (
                    await session.exec(select(Account).where(Account.email == "locked@service.org"))
                ).one()
                row.locked_until = utcnow() + timedelta(minutes=15)
                row.failed_logins = 5
                session.add(row)
        finally:
            await engine.dispose()

    asyncio.run(lock())
    assert main(["accounts", "unlock", "--email", "locked@service.org"]) == 0
    unlocked = asyncio.run(account())
    assert unlocked.locked_until is None and unlocked.failed_logins == 0
    assert main(["accounts", "disable", "--email", "locked@service.org"]) == 0
    assert asyncio.run(account()).disabled is True
    assert main(["accounts", "unlock", "--email", "nobody@service.org"]) == 1
    assert "No account nobody@service.org." in capsys.readouterr().out


def test_an_account_is_created_in_its_language(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--language` sets the portal's language of a new account; an unknown one is refused."""
    import asyncio

    from sqlmodel import select

    from bot.storage.engine import create_engine, create_sessionmaker
    from bot.storage.portal_models import Account

    assert main(["accounts", "create", "--email", "ana@demo-mk.org", "--language", "mk"]) == 0
    assert main(["accounts", "create", "--email", "bo@demo-rs.org"]) == 0
    with pytest.raises(SystemExit):
        main(["accounts", "create", "--email", "x@demo-rs.org", "--language", "de"])
    assert "invalid choice: 'de'" in capsys.readouterr().err

    async def languages() -> dict[str, str]:
        engine = create_engine("sqlite+aiosqlite:///{}".format(cli_env / "c.db"))
        try:
            async with create_sessionmaker(engine)() as session:
                rows = (await session.exec(select(Account))).all()
                return {row.email: row.language for row in rows}
        finally:
            await engine.dispose()

    assert asyncio.run(languages()) == {"ana@demo-mk.org": "mk", "bo@demo-rs.org": "en"}


async def test_sandbox_seed_is_idempotent(app, portal) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.portal import Worker, client, login

    first = await seed_demo_accounts(app.sessionmaker, app.routing.partners, FAST_KDF)
    again = await seed_demo_accounts(app.sessionmaker, app.routing.partners, FAST_KDF)
    assert first == again
    assert len(first) == 1 + sum(1 for p in app.routing.partners if p.demonstration)
    async with client(portal) as http:
        response = await login(http, Worker(first[1].email, DEMO_PASSWORD, None))
        assert response.status_code == 303
        assert (await http.get("/inbox")).status_code == 200


async def test_production_refuses_partners_without_keys(app) -> None:  # type: ignore[no-untyped-def]
    from bot.app import require_keys_in_production
    from bot.settings import Environment, SettingsError

    await require_keys_in_production(app)  # tests and the sandbox may run without keys
    app.settings = app.settings.model_copy(update={"environment": Environment.PRODUCTION})
    with pytest.raises(SettingsError, match="demo-rs"):
        await require_keys_in_production(app)
    await seed_demo_accounts(app.sessionmaker, app.routing.partners, FAST_KDF)
    await require_keys_in_production(app)
