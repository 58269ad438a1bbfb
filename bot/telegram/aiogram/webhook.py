"""Run the aiogram transport in webhook mode (several replicas behind a proxy)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.types import Update
from aiohttp import web
from sqlalchemy import text

from bot.metrics import WebhookMetrics
from bot.services.application import Application
from bot.telegram.aiogram.factory import create_bot, create_dispatcher
from bot.telegram.aiogram.polling import set_commands
from bot.telegram.aiogram.port import AiogramPort
from bot.telegram.background import background_work
from bot.telegram.setup import ALLOWED_UPDATES
from bot.telegram.webhook import create_webhook_app

log = logging.getLogger(__name__)


async def database_healthy(app: Application) -> bool:
    try:
        async with app.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True
    except Exception:
        log.warning("database health check failed")
        return False


async def run_webhook(
    app: Application,
    *,
    token: str,
    host: str,
    port: int,
    ready: asyncio.Event | None = None,
    bound: list[int] | None = None,
) -> None:
    """Serve the webhook until cancelled; registers it with Telegram when a URL is set."""
    secret = app.settings.require_webhook_secret()
    bot = create_bot(token=token, api_base=app.settings.telegram_api_base)
    dispatcher = create_dispatcher(service=app.conversations)

    async def feed(raw: dict[str, Any]) -> None:
        update = Update.model_validate(raw, context={"bot": bot})
        await dispatcher.feed_update(bot, update)

    async def health() -> bool:
        return await database_healthy(app)

    web_app = create_webhook_app(
        secret=secret,
        feed=feed,
        health=health,
        path=app.settings.webhook_path,
        max_body_bytes=app.settings.webhook_max_body_bytes,
        metrics=WebhookMetrics(app.engine),
    )
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    if bound is not None:
        bound.append(runner.addresses[0][1])
    try:
        if app.settings.webhook_url:
            await bot.set_webhook(
                app.settings.webhook_url,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
            await set_commands(bot, app)
        if ready is not None:
            ready.set()
        async with background_work(app, AiogramPort(bot)), app.translations.running():
            await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await bot.session.close()
