"""Serve the portal with uvicorn: inside the sandbox's event loop, or on its own."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn

from bot.services.application import Application
from bot.web.app import create_portal_app
from bot.web.config import PortalConfig


class _QuietServer(uvicorn.Server):
    """Leaves signals to the process that embeds it (the sandbox handles Ctrl-C)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _server(
    app: Application, port: int, host: str, portal: PortalConfig | None = None, quiet: bool = True
) -> uvicorn.Server:
    config = uvicorn.Config(
        create_portal_app(app, config=portal),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # paths carry case ids; keep them out of logs
        lifespan="off",  # no startup work; and a cancelled sandbox exits without a traceback
        proxy_headers=True,
    )
    return _QuietServer(config) if quiet else uvicorn.Server(config)


async def start_portal(
    app: Application, port: int, host: str = "127.0.0.1", config: PortalConfig | None = None
) -> tuple[asyncio.Task[None], str]:
    """Start serving in the background; returns the task and the portal's URL (port 0: any)."""
    server = _server(app, port, host, config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    bound = port
    with contextlib.suppress(Exception):
        bound = server.servers[0].sockets[0].getsockname()[1]
    return task, "http://{}:{}".format(host, bound)


async def serve_portal(
    app: Application, *, port: int, host: str, config: PortalConfig | None = None
) -> None:
    """`safe-report portal`: serve until interrupted."""
    await _server(app, port, host, config, quiet=False).serve()
