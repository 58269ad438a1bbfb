"""Typed keys under which the app keeps its world and helpers (no module-level state)."""

from __future__ import annotations

from aiohttp import web

from .state import World
from .webhook import WebhookPusher

WORLD = web.AppKey("sandbox_world", World)
PUSHER = web.AppKey("sandbox_webhook_pusher", WebhookPusher)
