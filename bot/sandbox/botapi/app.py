"""Building and running the sandbox Bot API server (loopback only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

from aiohttp import web

from . import api, page, scripting
from .clock import Clock
from .keys import PUSHER, WORLD
from .state import Settings, World
from .webhook import WebhookPusher

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
MAX_BODY = 80 * 1024 * 1024  # 50 MB uploads, plus base64 growth on the scripting API


def create_app(
    *, tokens: set[str] | None = None, settings: Settings | None = None
) -> web.Application:
    """A fresh app with its own world; `tokens` restricts which bot tokens are accepted."""
    app = web.Application(client_max_size=MAX_BODY, middlewares=[scripting.script_errors])
    world = World(tokens=tokens, settings=settings)
    app[WORLD] = world
    app[PUSHER] = WebhookPusher(world, partial(api.run_webhook_reply, app))
    api.add_routes(app)
    scripting.add_routes(app)
    page.add_routes(app)

    async def on_shutdown(_: web.Application) -> None:
        world.close()

    async def on_cleanup(_: web.Application) -> None:
        await app[PUSHER].close()

    app.on_shutdown.append(on_shutdown)
    app.on_cleanup.append(on_cleanup)
    return app


@dataclass
class RunningServer:
    base_url: str
    state: World
    app: web.Application

    @property
    def clock(self) -> Clock:
        """The world's clock (tie a bot's clock to `clock.now_utc` in tests)."""
        return self.state.clock


@asynccontextmanager
async def running_server(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tokens: set[str] | None = None,
    settings: Settings | None = None,
) -> AsyncIterator[RunningServer]:
    """Serve on the current event loop; port 0 picks a free port (see `.base_url`)."""
    if host not in LOOPBACK_HOSTS:
        raise ValueError("the sandbox Bot API server binds to loopback only")
    app = create_app(tokens=tokens, settings=settings)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    try:
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield RunningServer(base_url=f"http://{shown}:{bound_port}", state=app[WORLD], app=app)
    finally:
        await runner.cleanup()
