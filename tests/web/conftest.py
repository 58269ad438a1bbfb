"""Portal fixtures: SQLite only (the portal's SQL is the same on PostgreSQL; the
encryption test also runs on PostgreSQL), fast Argon2 parameters, sandbox mode."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from bot.app import Application
from bot.web.app import create_portal_app
from bot.web.config import portal_config
from tests.helpers.portal import FAST_KDF, TEST_PORTAL_KEY


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def portal(app: Application) -> FastAPI:
    config = portal_config(
        app.settings, sandbox=True, require_totp=False, secure_cookies=False, kdf=FAST_KDF
    )
    return create_portal_app(app, config=config)


@pytest.fixture
def strict_portal(app: Application) -> FastAPI:
    """The portal as deployed: TOTP required, Secure cookies."""
    config = portal_config(app.settings, kdf=FAST_KDF, totp_key=TEST_PORTAL_KEY)
    return create_portal_app(app, config=config)


@pytest.fixture
async def delivery_key(app: Application) -> AsyncIterator[None]:
    await app.delivery.publish_key()
    yield
