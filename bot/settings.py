"""Settings from the environment (prefix SAFE_REPORT_), built by `load_settings`.

Defaults run on one machine with no outside service: a SQLite file in a data
folder, polling, the classifier in process. Outside the sandbox, placeholder
secrets are refused so a deployment cannot start with the published key.
"""

from __future__ import annotations

import base64
import secrets
from enum import Enum
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "sandbox-only-secret-do-not-use-in-production-000000"
PLACEHOLDER_TOKEN = "123456:" + "sandboxToken" + "A" * 23  # composed: no token-shaped literal


class Environment(str, Enum):
    SANDBOX = "sandbox"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message says which and what to do."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAFE_REPORT_", env_file=None, extra="ignore")

    environment: Environment = Environment.SANDBOX
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base: str = "https://api.telegram.org"
    transport: Literal["aiogram", "ptb"] = "aiogram"

    classifier: Literal["model", "rules"] = "model"
    encoder: str | None = None
    model_cache_dir: Path | None = None

    partners_file: Path | None = None
    show_unverified_services: bool = True

    # Who is responsible for her data, and how to reach them (shown in /privacy).
    data_controller: str = ""
    data_contact: str = ""
    # A discreet face on her phone (docs/deploy.md): a neutral name and picture, and
    # descriptions that say nothing about abuse.
    bot_name: str = ""
    bot_avatar: Path | None = None
    discreet_profile: bool = False
    bot_username: str = ""  # for partners' links (safe-report link), e.g. SafeReportBot

    max_text_chars: int = 4096
    max_file_bytes: int = 20 * 1024 * 1024
    max_narrative_parts: int = 50
    max_evidence_files: int = 20
    draft_retention_days: int = 30  # an abandoned draft is deleted after this many days
    # Her chat is cleared after this many hours without a message, well inside Telegram's
    # 48 hours in which a bot may still delete a message.
    quiet_period_hours: int = Field(default=24, ge=1, le=46)

    webhook_secret: SecretStr | None = None
    webhook_url: str | None = None
    webhook_path: str = "/telegram/webhook"
    webhook_max_body_bytes: int = 1024 * 1024
    redis_url: str | None = None
    flood_limit: int = 60  # updates per survivor per window; a bulk forward of evidence fits
    flood_window_seconds: float = 10.0

    # Outbound pacing (Telegram: about 1 message/s per chat, 30/s overall).
    send_chat_burst: int = 5
    send_chat_rate: float = 1.0
    send_overall_rate: int = 30

    sandbox_port: int = 8081
    portal_port: int = 8082

    @field_validator("bot_avatar", mode="before")
    @classmethod
    def _no_avatar_when_empty(cls, value: object) -> object:
        return None if value == "" else value  # compose passes unset variables as ""

    @field_validator("telegram_api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> Settings:
        if not self.database_url:
            self.database_url = "sqlite+aiosqlite:///{}".format(self.data_dir / "safe_report.db")
        if self.model_cache_dir is None:
            self.model_cache_dir = self.data_dir / "cache" / "encoder"
        if self.environment is not Environment.SANDBOX:
            if self.secret_key.get_secret_value() == PLACEHOLDER_SECRET:
                raise SettingsError(
                    "SAFE_REPORT_SECRET_KEY is the sandbox placeholder. Generate one with "
                    "`safe-report new-secret` and set it before running in production."
                )
        if len(self.secret_key.get_secret_value()) < 32:
            raise SettingsError("SAFE_REPORT_SECRET_KEY must be at least 32 characters long.")
        return self

    @property
    def secret_bytes(self) -> bytes:
        raw = self.secret_key.get_secret_value()
        try:
            decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
            if len(decoded) >= 32:
                return decoded
        except ValueError:
            pass
        return raw.encode()

    def require_webhook_secret(self) -> str:
        """The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required for webhooks."""
        if self.webhook_secret is None or len(self.webhook_secret.get_secret_value()) < 16:
            raise SettingsError(
                "SAFE_REPORT_WEBHOOK_SECRET must be set (16 to 256 characters: A-Z, a-z, 0-9, "
                "_ and -) to run in webhook mode."
            )
        return self.webhook_secret.get_secret_value()

    def require_deployment(self) -> None:
        """`run`, `webhook` and `portal` serve real people: never with sandbox settings
        (the published secret, no partner keys, no TOTP, no Secure cookies). The test
        environment is for a Bot API server on this machine only."""
        if self.environment is Environment.SANDBOX:
            raise SettingsError(
                "This command serves real people, and SAFE_REPORT_ENVIRONMENT is `sandbox` (the "
                "default, for `safe-report sandbox` only). Set SAFE_REPORT_ENVIRONMENT=production "
                "and a SAFE_REPORT_SECRET_KEY of your own (`safe-report new-secret`, kept safe)."
            )
        host = urlsplit(self.telegram_api_base).hostname or ""
        if self.environment is Environment.TEST and host not in ("127.0.0.1", "localhost", "::1"):
            raise SettingsError(
                "SAFE_REPORT_ENVIRONMENT=test only talks to a Bot API server on this machine. "
                "Against Telegram, set SAFE_REPORT_ENVIRONMENT=production."
            )

    def require_token(self) -> str:
        """The bot token, or a clear error when it is missing."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and export "
                "TELEGRAM_BOT_TOKEN=<token>, or use `safe-report sandbox` to try the bot locally."
            )
        token = self.telegram_bot_token.get_secret_value()
        if self.environment is Environment.PRODUCTION and token == PLACEHOLDER_TOKEN:
            raise SettingsError("TELEGRAM_BOT_TOKEN is the sandbox placeholder.")
        return token


def load_settings_without_secret(**overrides: object) -> Settings:
    """Settings for a process that never uses the server secret (the portal, migrations).

    Such a process is not given the secret (compose gives each service only what it
    uses); a random one, never stored nor used, stands in for it so the production
    check that refuses the published placeholder still holds for every other process.
    """
    stand_in = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return load_settings(**{"secret_key": SecretStr(stand_in), **overrides})


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (tests, CLI flags).

    Validation errors become one `SettingsError` whose message says what to fix.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            str(error.get("msg", "")).removeprefix("Value error, ") for error in exc.errors()
        )
        raise SettingsError(problems) from exc
