"""Portal settings: derived from the bot's settings plus SAFE_REPORT_PORTAL_* variables.

The portal reads no secret of the bot: it needs the database, the partners
list and these settings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.services.keys import KdfParams
from bot.settings import Environment, Settings


class _PortalEnv(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAFE_REPORT_PORTAL_", extra="ignore")

    url: str = ""
    kdf_time_cost: int = 3
    kdf_memory_kib: int = 65536
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    lockout_after: int = 5
    lockout_minutes: int = 15


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
    }
    values.update(overrides)
    return PortalConfig(**values)  # type: ignore[arg-type]
