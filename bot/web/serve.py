"""Serve the portal with uvicorn: inside the sandbox's event loop, or on its own."""

from __future__ import annotations

import asyncio
import contextlib

import uvicorn

from bot.app import Application
from bot.web.app import create_portal_app


def _server(app: Application, port: int, host: str) -> uvicorn.Server:
    config = uvicorn.Config(
        create_portal_app(app),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # paths carry case ids; keep them out of logs
        proxy_headers=True,
    )
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    return server


async def start_portal(
    app: Application, port: int, host: str = "127.0.0.1"
) -> tuple[asyncio.Task[None], str]:
    """Start serving in the background; returns the task and the portal's URL."""
    server = _server(app, port, host)
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


async def serve_portal(app: Application, *, port: int, host: str) -> None:
    """`safe-report portal`: serve until interrupted."""
    await _server(app, port, host).serve()
