"""End-to-end fixtures: the real aiogram client polling the local Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import Application
from tests.helpers.live import LiveStack, live_stack


@pytest.fixture
async def live(app: Application) -> AsyncIterator[LiveStack]:
    async with live_stack(app) as stack:
        yield stack
