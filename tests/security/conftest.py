"""Fixtures of the attack tests: the portal as in tests/web (fast Argon2 unless a test
needs the real cost), on the database of the test (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import pytest
from fastapi import FastAPI

from bot.app import Application
from bot.web.app import create_portal_app
from bot.web.config import portal_config
from bot.web.serve import start_portal
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
    await app.delivery.publish_key()
    yield


@pytest.fixture
def live_portal(app: Application) -> Callable[..., AbstractAsyncContextManager[str]]:
    """Start the portal under uvicorn on 127.0.0.1 (port chosen by the system) with
    config overrides; yields its URL. The attack scripts talk HTTP to it, as the audit did."""

    @contextlib.asynccontextmanager
    async def start(**overrides: object) -> AsyncIterator[str]:
        values: dict[str, object] = {
            "sandbox": True,
            "require_totp": False,
            "secure_cookies": False,
            "kdf": FAST_KDF,
            "totp_key": TEST_PORTAL_KEY,
        }
        values.update(overrides)
        task, url = await start_portal(app, port=0, config=portal_config(app.settings, **values))
        try:
            yield url
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    return start
