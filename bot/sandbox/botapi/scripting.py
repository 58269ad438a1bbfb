"""Scripting API under /sandbox: play users, inspect chats, plan faults, read the call log.

Every route takes an optional `?token=` naming the bot; by default it is the bot that
called the Bot API last (in the sandbox there is one).
"""

from __future__ import annotations

import base64
from typing import Any

from aiohttp import web

from . import simulate
from .errors import ApiError
from .keys import WORLD
from .state import BotState, Fault, World


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"ok": False, "error": reason}, status=status)


def _bot(request: web.Request) -> BotState:
    return request.app[WORLD].current_bot(request.query.get("token"))


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise simulate.ScriptError(400, "body must be JSON") from None
    if not isinstance(body, dict):
        raise simulate.ScriptError(400, "body must be a JSON object")
    return body


def _user_id(request: web.Request) -> int:
    try:
        return int(request.match_info["user_id"])
    except ValueError:
        raise simulate.ScriptError(400, "user id must be an integer") from None


@web.middleware
async def script_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """Scripting failures answer JSON with a reason, never an HTML error page."""
    try:
        response: web.StreamResponse = await handler(request)
    except simulate.ScriptError as exc:
        return _error(exc.status, exc.reason)
    except ApiError as exc:
        return _error(exc.status, exc.description)
    except (KeyError, TypeError, ValueError) as exc:
        if not request.path.startswith("/sandbox/"):
            raise
        return _error(400, f"bad request: {exc}")
    return response


async def health(request: web.Request) -> web.Response:
    world: World = request.app[WORLD]
    token = request.query.get("token")
    bots = [world.bot(token)] if token else list(world.bots.values())
    polling = [b.user["username"] for b in bots if b.is_polling()]
    status = 200 if polling else 503
    return web.json_response({"ok": bool(polling), "polling": bool(polling)}, status=status)


async def bot_info(request: web.Request) -> web.Response:
    bot = _bot(request)
    return web.json_response(
        {
            "user": bot.user,
            "polling": bot.is_polling(),
            "webhook": bot.webhook.info(len(bot.updates)) if bot.webhook else None,
            "pending_updates": len(bot.updates),
            "commands": bot.commands,
            "descriptions": bot.descriptions,
            "profile_photo_bytes": len(bot.profile_photo) if bot.profile_photo else None,
        }
    )


async def list_chats(request: web.Request) -> web.Response:
    world: World = request.app[WORLD]
    chats: list[dict[str, Any]] = []
    if world.bots:
        bot = _bot(request)
        chats = [
            {**chat.chat, "messages": len(chat.messages), "bot_member": chat.bot_member}
            for chat in bot.chats.values()
        ]
    return web.json_response({"chats": chats, "users": list(world.users.values())})


async def upsert_user(request: web.Request) -> web.Response:
    body = await _body(request)
    user = request.app[WORLD].user(
        int(body["id"]),
        first_name=body.get("first_name"),
        language_code=body.get("language_code"),
        username=body.get("username"),
    )
    return web.json_response(user)


async def send_message(request: web.Request) -> web.Response:
    result = simulate.send(_bot(request), _user_id(request), await _body(request))
    return web.json_response(result)


async def press(request: web.Request) -> web.Response:
    result = simulate.press(_bot(request), _user_id(request), await _body(request))
    return web.json_response(result)


async def block(request: web.Request) -> web.Response:
    body = await _body(request)
    result = simulate.block(_bot(request), _user_id(request), bool(body.get("blocked", True)))
    return web.json_response(result)


async def delete_messages(request: web.Request) -> web.Response:
    result = simulate.delete_by_user(_bot(request), _user_id(request), await _body(request))
    return web.json_response(result)


async def show_clock(request: web.Request) -> web.Response:
    return web.json_response(request.app[WORLD].clock.describe())


async def move_clock(request: web.Request) -> web.Response:
    """Time passes: `{"seconds": s}` for the world, `{"seconds": s, "chat_id": id}` for one chat."""
    world: World = request.app[WORLD]
    body = await _body(request)
    bot = _bot(request) if body.get("chat_id") is not None else None
    return web.json_response(simulate.let_time_pass(world, bot, body))


async def expire_callback(request: web.Request) -> web.Response:
    result = simulate.expire_callback(_bot(request), request.match_info["query_id"])
    return web.json_response(result)


async def show_chat(request: web.Request) -> web.Response:
    chat_id = int(request.query.get("chat_id") or _user_id(request))
    world: World = request.app[WORLD]
    if not world.bots:
        return web.json_response(
            {
                "chat": None,
                "messages": [],
                "callback_answers": [],
                "clock": world.clock.describe(),
            }
        )
    return web.json_response(simulate.view(_bot(request), chat_id))


async def file_bytes(request: web.Request) -> web.Response:
    stored = _bot(request).files.get(request.match_info["file_id"])
    if stored is None:
        return _error(404, "no such file")
    if request.query.get("base64"):
        return web.json_response({"base64": base64.b64encode(stored.data).decode()})
    mime = stored.mime_type or "application/octet-stream"
    return web.Response(body=stored.data, content_type=mime)


async def add_fault(request: web.Request) -> web.Response:
    body = await _body(request)
    drop = body.get("drop")
    fault = Fault(
        method=str(body.get("method") or "*"),
        status=int(body["status"]) if body.get("status") is not None else None,
        retry_after=int(body["retry_after"]) if body.get("retry_after") is not None else None,
        description=body.get("description"),
        delay_ms=int(body.get("delay_ms") or 0),
        drop="request" if drop is True else (str(drop) if drop else None),
        count=int(body.get("count", 1)),
    )
    if fault.drop not in (None, "request", "response"):
        raise simulate.ScriptError(400, 'drop must be true, "request" or "response"')
    if fault.status is None and not fault.delay_ms and fault.drop is None:
        raise simulate.ScriptError(400, "a fault needs status, delay_ms or drop")
    request.app[WORLD].faults.append(fault)
    return web.json_response({"ok": True, "faults": _faults(request.app[WORLD])})


def _faults(world: World) -> list[dict[str, Any]]:
    return [vars(f).copy() for f in world.faults if f.count != 0]


async def list_faults(request: web.Request) -> web.Response:
    return web.json_response({"faults": _faults(request.app[WORLD])})


async def clear_faults(request: web.Request) -> web.Response:
    request.app[WORLD].faults.clear()
    return web.json_response({"ok": True})


async def call_log(request: web.Request) -> web.Response:
    """Bot API calls, oldest first; getUpdates is left out unless asked for by name."""
    method = request.query.get("method")
    entries = [
        e
        for e in request.app[WORLD].log
        if (e["method"].lower() == method.lower() if method else e["method"] != "getUpdates")
    ]
    return web.json_response({"calls": entries})


async def reset(request: web.Request) -> web.Response:
    request.app[WORLD].reset()
    return web.json_response({"ok": True})


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/sandbox/health", health)
    r.add_get("/sandbox/bot", bot_info)
    r.add_get("/sandbox/chats", list_chats)
    r.add_post("/sandbox/users", upsert_user)
    r.add_get("/sandbox/chats/{user_id}", show_chat)
    r.add_post("/sandbox/chats/{user_id}/messages", send_message)
    r.add_post("/sandbox/chats/{user_id}/press", press)
    r.add_post("/sandbox/chats/{user_id}/block", block)
    r.add_post("/sandbox/chats/{user_id}/delete", delete_messages)
    r.add_get("/sandbox/clock", show_clock)
    r.add_post("/sandbox/clock", move_clock)
    r.add_post("/sandbox/callbacks/{query_id}/expire", expire_callback)
    r.add_get("/sandbox/files/{file_id}", file_bytes)
    r.add_get("/sandbox/faults", list_faults)
    r.add_post("/sandbox/faults", add_fault)
    r.add_delete("/sandbox/faults", clear_faults)
    r.add_get("/sandbox/log", call_log)
    r.add_post("/sandbox/reset", reset)
