"""Fixtures of the attack tests: the portal as in tests/web (fast Argon2 unless a test
needs the real cost), on the database of the test (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from bot.app import Application
from bot.web.app import create_portal_app
from bot.web.config import portal_config
from tests.helpers.portal import FAST_KDF, TEST_PORTAL_KEY


@pytest.fixture
def portal(app: Application) -> FastAPI:
    config = portal_config(
        app.settings,
        sandbox=True,
        require_totp=False,
        secure_cookies=False,
        kdf=FAST_KDF,
        totp_key=TEST_PORTAL_KEY,
    )
    return create_portal_app(app, config=config)


@pytest.fixture
async def delivery_key(app: Application) -> AsyncIterator[None]:
    from bot.services.delivery import build_delivery

    await build_delivery(app).publish_key()
    yield
