"""HTTP face of the Bot API: `/bot<token>/<method>` and `/file/bot<token>/<path>`."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

from .errors import ApiError, bad_request, not_found, server_error, too_many_requests
from .keys import PUSHER, WORLD
from .methods import Call, lookup
from .params import Params, read_params
from .state import BotState, Fault, World
from .webhook import WebhookPusher

_FAULT_TEXT = {
    400: "Bad Request: sandbox fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: sandbox fault",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _json(payload: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(payload, status=status)


def fault_error(fault: Fault) -> ApiError:
    status = fault.status or 500
    if status == 429:
        return too_many_requests(fault.retry_after or 1)
    if status >= 500:
        return server_error(status, fault.description or _FAULT_TEXT.get(status, "Server Error"))
    return ApiError(status, fault.description or _FAULT_TEXT.get(status, "sandbox fault"))


async def execute(
    world: World,
    bot: BotState,
    method: str,
    params: Params,
    pusher: WebhookPusher,
    *,
    via: str = "request",
) -> Any:
    """Run one method and record it in the call log (without file bytes)."""
    entry: dict[str, Any] = {
        "time": time.time(),
        "bot_id": bot.user["id"],
        "method": method,
        "params": params.loggable(),
        "via": via,  # "request", or "webhook answer" for a method in a webhook's reply
    }
    world.log.append(entry)
    try:
        handler = lookup(method)
        if handler is None:
            raise not_found()
        result = await handler(Call(world=world, bot=bot, params=params, pusher=pusher))
    except ApiError as exc:
        entry.update(ok=False, status=exc.status, description=exc.description)
        raise
    entry.update(ok=True, status=200)
    return result


async def handle_method(request: web.Request) -> web.StreamResponse:
    world = request.app[WORLD]
    method = request.match_info["method"]
    try:
        bot = world.bot(request.match_info["token"])
        params = await read_params(request)
        fault = world.take_fault(method)
        if fault is not None:
            if fault.delay_ms:
                await asyncio.sleep(fault.delay_ms / 1000)
            if fault.drop == "request":
                return _drop(request, world, method)
            if fault.status:
                world.log.append({"time": time.time(), "method": method, "fault": fault.status})
                raise fault_error(fault)
        result = await execute(world, bot, method, params, request.app[PUSHER])
        if fault is not None and fault.drop == "response":
            return _drop(request, world, method)
    except ApiError as exc:
        return _json(exc.payload(), exc.status)
    return _json({"ok": True, "result": result})


def _drop(request: web.Request, world: World, method: str) -> web.Response:
    """Close the connection unanswered, as a network failure would."""
    world.log.append({"time": time.time(), "method": method, "fault": "drop"})
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)


async def handle_file(request: web.Request) -> web.StreamResponse:
    world = request.app[WORLD]
    try:
        bot = world.bot(request.match_info["token"])
    except ApiError as exc:
        return _json(exc.payload(), exc.status)
    stored = bot.file_by_path(request.match_info["path"])
    if stored is None:
        return _json(not_found().payload(), 404)
    if stored.size > world.settings.max_download_bytes:
        return _json(bad_request("file is too big").payload(), 400)
    return web.Response(
        body=stored.data, content_type=stored.mime_type or "application/octet-stream"
    )


async def run_webhook_reply(app: web.Application, bot: BotState, reply: dict[str, Any]) -> None:
    params = Params(raw={k: v for k, v in reply.items() if k != "method"})
    await execute(app[WORLD], bot, str(reply["method"]), params, app[PUSHER], via="webhook answer")


def add_routes(app: web.Application) -> None:
    app.router.add_route("*", "/bot{token}/{method}", handle_method)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)
