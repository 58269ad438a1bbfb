"""End-to-end fixtures: a real library (aiogram or python-telegram-bot) polling the local server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import Application, build_application
from bot.settings import Settings
from classifiers.rules.classifier import RulesClassifier
from tests.helpers.databases import fresh_database
from tests.helpers.live import LiveStack, live_stack

TRANSPORTS = ["aiogram", "ptb"]


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def live(app: Application, transport: str) -> AsyncIterator[LiveStack]:
    async with live_stack(app, transport) as stack:
        yield stack


@asynccontextmanager
async def separate_app(
    settings: Settings, backend: str, folder: Path
) -> AsyncIterator[Application]:
    """An app on its own fresh database (update ids and survivors must not be shared)."""
    async with fresh_database(backend, folder) as url:
        own = settings.model_copy(update={"database_url": url, "data_dir": folder})
        application = await build_application(own, classifier=RulesClassifier())
        try:
            yield application
        finally:
            await application.close()
