"""Portal settings: derived from the bot's settings plus SAFE_REPORT_PORTAL_* variables.

The portal reads no secret of the bot: it needs the database, the partners
list and these settings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.services.keys import KdfParams
from bot.settings import PLACEHOLDER_SECRET, Environment, Settings, SettingsError
from bot.storage.crypto import derive_key


class _PortalEnv(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAFE_REPORT_PORTAL_", extra="ignore")

    url: str = ""
    kdf_time_cost: int = 3
    kdf_memory_kib: int = 65536
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    lockout_after: int = 5
    lockout_minutes: int = 15
    # The portal's own secret (never the bot's): it encrypts authenticator secrets.
    secret_key: SecretStr | None = None
    sign_ins_per_address: int = 3
    sign_ins_at_once: int = 16
    kdf_threads: int = 2


@dataclass(frozen=True)
class PortalConfig:
    public_url: str
    sandbox: bool
    require_totp: bool
    secure_cookies: bool
    kdf: KdfParams = field(default_factory=KdfParams)
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    lockout_after: int = 5
    lockout_minutes: int = 15
    small_count: int = 5  # aggregates below this are suppressed
    totp_key: bytes = b""  # encrypts authenticator secrets at rest (from the portal's secret)
    # Sign-ins run Argon2 (64 MiB, a quarter of a second): at most this many per client
    # address and in all at once, in a pool of `kdf_threads` threads off the event loop.
    sign_ins_per_address: int = 3
    sign_ins_at_once: int = 16
    kdf_threads: int = 2

    @property
    def cookie_name(self) -> str:
        # __Host- cookies must be Secure, host-only and path=/: no subdomain can plant one.
        return "__Host-sr_session" if self.secure_cookies else "sr_session"

    @property
    def login_cookie_name(self) -> str:
        return "__Host-sr_login" if self.secure_cookies else "sr_login"


def portal_config(settings: Settings, **overrides: object) -> PortalConfig:
    env = _PortalEnv()
    sandbox = settings.environment is Environment.SANDBOX
    values: dict[str, object] = {
        "public_url": env.url or "http://127.0.0.1:{}".format(settings.portal_port),
        "sandbox": sandbox,
        "require_totp": not sandbox,
        "secure_cookies": not sandbox,
        "kdf": KdfParams(env.kdf_time_cost, env.kdf_memory_kib),
        "session_idle_minutes": env.session_idle_minutes,
        "session_max_hours": env.session_max_hours,
        "lockout_after": env.lockout_after,
        "lockout_minutes": env.lockout_minutes,
        "sign_ins_per_address": env.sign_ins_per_address,
        "sign_ins_at_once": env.sign_ins_at_once,
        "kdf_threads": env.kdf_threads,
    }
    values.update(overrides)
    return PortalConfig(**values)  # type: ignore[arg-type]


def with_portal_key(config: PortalConfig) -> PortalConfig:
    """The config with its key for secrets at rest, from SAFE_REPORT_PORTAL_SECRET_KEY.

    Only the portal needs it (the bot reads `portal_config` for the public URL alone);
    outside the sandbox it must be the deployment's own secret.
    """
    if config.totp_key:
        return config
    return replace(config, totp_key=portal_key(_PortalEnv().secret_key, sandbox=config.sandbox))


def portal_key(secret: SecretStr | None, *, sandbox: bool) -> bytes:
    """The portal's key for secrets at rest; the published placeholder only in the sandbox."""
    raw = secret.get_secret_value() if secret is not None else ""
    if not raw and sandbox:
        raw = PLACEHOLDER_SECRET
    if not sandbox and (len(raw) < 32 or raw == PLACEHOLDER_SECRET):
        raise SettingsError(
            "SAFE_REPORT_PORTAL_SECRET_KEY must be set to a secret of the portal's own (at "
            "least 32 characters; `safe-report new-secret` prints one). It encrypts the "
            "caseworkers' authenticator secrets."
        )
    return derive_key(raw.encode(), "portal-totp-aes-gcm")
