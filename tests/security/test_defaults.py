"""Finding 8: outside the sandbox nothing starts with sandbox settings.

`safe-report run` with a real-looking token used to start with the published
placeholder secret, no partner keys and (for the portal) no TOTP and no Secure
cookies, because the environment defaulted to `sandbox`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import PLACEHOLDER_SECRET, Environment, SettingsError, load_settings
from bot.web.config import portal_config, with_portal_key

ROOT = Path(__file__).resolve().parents[2]
# Shaped like a real token (not the placeholder), composed so no token-shaped string is committed.
REAL_LOOKING_TOKEN = "7212345678:" + "AAH" + "NotARealTokenForTests" + "0" * 11
OWN_SECRET = "kept-safe-0123456789abcdef0123456789abcdef"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "SAFE_REPORT_ENVIRONMENT",
        "SAFE_REPORT_SECRET_KEY",
        "SAFE_REPORT_TELEGRAM_API_BASE",
        "SAFE_REPORT_PORTAL_SECRET_KEY",
        "SAFE_REPORT_DATABASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", REAL_LOOKING_TOKEN)
    return monkeypatch


@pytest.mark.parametrize("command", [["run"], ["webhook"], ["portal"]])
def test_serving_commands_refuse_sandbox_settings(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: list[str],
) -> None:
    clean_env.setenv("SAFE_REPORT_DATA_DIR", str(tmp_path))
    clean_env.setenv("SAFE_REPORT_WEBHOOK_SECRET", "w" * 32)
    assert main(command) == 2
    assert "SAFE_REPORT_ENVIRONMENT=production" in capsys.readouterr().err
    assert not (tmp_path / "safe_report.db").exists()  # refused before anything opened


def test_the_test_environment_talks_only_to_a_local_bot_api(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("SAFE_REPORT_ENVIRONMENT", "test")
    clean_env.setenv("SAFE_REPORT_SECRET_KEY", OWN_SECRET)
    assert main(["run"]) == 2
    assert "SAFE_REPORT_ENVIRONMENT=production" in capsys.readouterr().err
    local = load_settings(telegram_api_base="http://127.0.0.1:8081")
    local.require_deployment()  # tests and benchmarks run the bot against the sandbox server


@pytest.mark.parametrize("environment", [Environment.TEST, Environment.PRODUCTION])
def test_only_the_sandbox_accepts_the_placeholder_secret(
    clean_env: pytest.MonkeyPatch, environment: Environment
) -> None:
    with pytest.raises(SettingsError, match="new-secret"):
        load_settings(environment=environment, secret_key=PLACEHOLDER_SECRET)
    load_settings(environment=Environment.SANDBOX)


def test_the_portal_needs_its_own_secret_outside_the_sandbox(
    clean_env: pytest.MonkeyPatch,
) -> None:
    settings = load_settings(environment=Environment.PRODUCTION, secret_key=OWN_SECRET)
    config = portal_config(settings)
    assert config.require_totp and config.secure_cookies
    with pytest.raises(SettingsError, match="SAFE_REPORT_PORTAL_SECRET_KEY"):
        with_portal_key(config)
    clean_env.setenv("SAFE_REPORT_PORTAL_SECRET_KEY", PLACEHOLDER_SECRET)
    with pytest.raises(SettingsError, match="SAFE_REPORT_PORTAL_SECRET_KEY"):
        with_portal_key(config)
    clean_env.setenv("SAFE_REPORT_PORTAL_SECRET_KEY", "portal-" + OWN_SECRET)
    assert len(with_portal_key(config).totp_key) == 32


def test_the_readme_command_for_real_telegram_is_safe() -> None:
    readme = (ROOT / "README.md").read_text()
    lines = [line for line in readme.splitlines() if re.search(r"safe-report run\b", line)]
    assert lines, "the README shows how to run against Telegram"
    for line in lines:
        assert "SAFE_REPORT_ENVIRONMENT=production" in line, line
        assert "$(" not in line, "a secret made afresh at every start loses every draft"
