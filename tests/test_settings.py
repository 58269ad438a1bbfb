"""Settings refuse unsafe values outside the sandbox and explain what to do."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.settings import PLACEHOLDER_SECRET, Environment, Settings, SettingsError, load_settings


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(SettingsError, match="new-secret"):
        load_settings(environment=Environment.PRODUCTION, secret_key=PLACEHOLDER_SECRET)


def test_sandbox_accepts_defaults_and_uses_a_sqlite_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert str(tmp_path) in settings.database_url


def test_secret_is_not_shown_in_repr() -> None:
    settings = Settings(secret_key="s" * 40)  # type: ignore[arg-type]
    assert "s" * 40 not in repr(settings)


def test_run_without_a_token_refuses_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_new_secret_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-secret"]) == 0
    key = capsys.readouterr().out.strip()
    assert len(Settings(secret_key=key).secret_bytes) == 32  # type: ignore[arg-type]


def test_logging_never_shows_request_urls_with_the_token() -> None:
    import logging

    from bot.cli import _configure_logging

    _configure_logging()
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_an_empty_avatar_from_compose_means_no_avatar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_REPORT_BOT_AVATAR", "")  # compose: BOT_AVATAR unset in .env
    assert Settings().bot_avatar is None
