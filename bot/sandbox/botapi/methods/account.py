"""The bot's own account and chats: getMe, commands, descriptions, getChat, leaveChat."""

from __future__ import annotations

import json
import re
from typing import Any

from .. import media
from ..errors import bad_request, forbidden
from ..params import Upload
from .base import Call, Handler

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


async def get_me(call: Call) -> dict[str, Any]:
    return {
        **call.bot.user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def log_out(call: Call) -> bool:
    return True


async def close(call: Call) -> bool:
    return True


async def get_chat(call: Call) -> dict[str, Any]:
    chat = call.bot.chat(call.params.need_int("chat_id", "chat not found"))
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


async def leave_chat(call: Call) -> bool:
    """Groups only; the bot gets the my_chat_member update for its own departure."""
    bot = call.bot
    chat = bot.chat(call.params.need_int("chat_id", "chat not found"))
    if chat.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    if not chat.bot_member:
        raise forbidden("bot is not a member of the group chat")
    chat.bot_member = False
    bot.enqueue(
        "my_chat_member",
        {
            "chat": chat.chat,
            "from": bot.user,
            "date": call.world.clock.date(),
            "old_chat_member": {"status": "member", "user": bot.user},
            "new_chat_member": {"status": "left", "user": bot.user},
        },
    )
    return True


def _scope_key(call: Call) -> str:
    scope = call.params.get_json("scope") or {"type": "default"}
    language = call.params.get_str("language_code") or ""
    return json.dumps([scope, language], sort_keys=True)


async def set_my_commands(call: Call) -> bool:
    commands = call.params.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("command description must be non-empty")
    call.bot.commands[_scope_key(call)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


async def get_my_commands(call: Call) -> list[dict[str, Any]]:
    return call.bot.commands.get(_scope_key(call), [])


async def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_scope_key(call), None)
    return True


def _text_setting(name: str, limit: int) -> tuple[Handler, Handler]:
    async def setter(call: Call) -> bool:
        value = call.params.get_str(name) or ""
        if len(value) > limit:
            raise bad_request(f"{name} is too long")
        key = f"{name}:{call.params.get_str('language_code') or ''}"
        if value:
            call.bot.descriptions[key] = value
        else:
            call.bot.descriptions.pop(key, None)
        return True

    async def getter(call: Call) -> dict[str, str]:
        language = call.params.get_str("language_code") or ""
        descriptions = call.bot.descriptions
        value = descriptions.get(f"{name}:{language}", descriptions.get(f"{name}:", ""))
        if name == "name" and not value:
            value = call.bot.user["first_name"]
        return {name: value}

    return setter, getter


_set_description, _get_description = _text_setting("description", 512)
_set_short, _get_short = _text_setting("short_description", 120)
_set_name, _get_name = _text_setting("name", 64)


async def set_my_profile_photo(call: Call) -> bool:
    """InputProfilePhotoStatic or …Animated; profile photos can't be reused, so the file
    must be a new upload (`attach://<part>`), never a file_id."""
    photo = call.params.get_json("photo")
    if photo is None:
        raise bad_request('parameter "photo" is required')
    kind = photo.get("type") if isinstance(photo, dict) else None
    field = {"static": "photo", "animated": "animation"}.get(str(kind))
    if field is None:
        raise bad_request("can't parse InputProfilePhoto JSON object")
    reference = str(photo.get(field) or "")
    if not reference.startswith("attach://"):
        raise bad_request("profile photos can't be reused: upload the file with attach://")
    upload: Upload | None = call.params.uploads.get(reference.removeprefix("attach://"))
    if upload is None:
        raise bad_request("file {!r} not found in the request".format(reference))
    if field == "photo" and media.image_size(upload.data) is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    call.bot.profile_photo = upload.data
    return True


async def remove_my_profile_photo(call: Call) -> bool:
    call.bot.profile_photo = None
    return True


METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": log_out,
    "close": close,
    "getChat": get_chat,
    "leaveChat": leave_chat,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": _set_description,
    "getMyDescription": _get_description,
    "setMyShortDescription": _set_short,
    "getMyShortDescription": _get_short,
    "setMyName": _set_name,
    "getMyName": _get_name,
    "setMyProfilePhoto": set_my_profile_photo,
    "removeMyProfilePhoto": remove_my_profile_photo,
}
