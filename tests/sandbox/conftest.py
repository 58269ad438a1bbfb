"""Fixtures: the sandbox Bot API server in process, the real aiogram client, the scripting API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sandbox.botapi import RunningServer, Settings, running_server
from bot.sandbox.botapi.client import SandboxClient

from .support import TOKEN


@pytest.fixture
async def server() -> AsyncIterator[RunningServer]:
    settings = Settings(poll_fresh_s=1.0, webhook_retry_s=(0.05, 0.1))
    async with running_server(settings=settings) as running:
        yield running


@pytest.fixture
async def bot(server: RunningServer) -> AsyncIterator[Bot]:
    """The real aiogram Bot, talking to the sandbox server over HTTP."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url, is_local=False))
    client = Bot(TOKEN, session=session)
    await client.get_me()  # makes this the bot the scripting API addresses by default
    yield client
    await client.session.close()


@pytest.fixture
async def sandbox(server: RunningServer) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(server.base_url) as client:
        yield client
