"""What a method handler gets, and the helpers most handlers share."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..entities import utf16_len
from ..errors import bad_request, forbidden
from ..params import Params
from ..state import BotState, ChatState, World

if TYPE_CHECKING:
    from ..webhook import WebhookPusher

MAX_CALLBACK_DATA = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


@dataclass
class Call:
    """One Bot API call: the world, the calling bot and its parameters."""

    world: World
    bot: BotState
    params: Params
    pusher: WebhookPusher


Handler = Callable[[Call], Awaitable[Any]]


def sendable_chat(call: Call) -> ChatState:
    """The chat named by chat_id, refusing as Telegram does when the bot may not write there."""
    chat = call.bot.chat(call.params.need_int("chat_id", "chat_id is empty"))
    if chat.is_private and chat.blocked:
        raise forbidden("bot was blocked by the user")
    if not chat.is_private and not chat.bot_member:
        raise forbidden("bot is not a member of the group chat")
    return chat


def check_inline_keyboard(markup: Any) -> list[list[dict[str, Any]]]:
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" must be of type Array'
        )
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict) or not str(button.get("text") or ""):
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                data = str(button["callback_data"])
                if not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                url = str(button["url"])
                if not url.startswith(("http://", "https://", "tg://")):
                    raise bad_request("BUTTON_URL_INVALID")
    if count > 100:
        raise bad_request("reply markup is too long")
    return rows


def apply_markup(call: Call, chat: ChatState) -> dict[str, Any] | None:
    """The inline keyboard to attach (or None); reply keyboards change the chat instead."""
    markup = call.params.get_json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {"inline_keyboard": check_inline_keyboard(markup)}
    if "keyboard" in markup:
        if not isinstance(markup["keyboard"], list):
            raise bad_request("can't parse reply keyboard markup JSON object")
        chat.reply_keyboard = markup
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None
    elif "force_reply" not in markup:
        raise bad_request("can't parse reply keyboard markup JSON object")
    return None


def reply_target(call: Call, chat: ChatState) -> dict[str, Any] | None:
    """reply_to_message for reply_parameters / reply_to_message_id, as Telegram embeds it."""
    params = call.params
    reply = params.get_json("reply_parameters")
    allow_missing = params.get_bool("allow_sending_without_reply")
    message_id: int | None = None
    if isinstance(reply, dict):
        message_id = int(reply["message_id"]) if "message_id" in reply else None
        allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
        other = reply.get("chat_id")
        if other is not None and str(other) != str(chat.id):
            raise bad_request("cross-chat replies are not supported by the sandbox")
    elif reply is not None:
        raise bad_request("can't parse reply parameters JSON object")
    else:
        message_id = params.get_int("reply_to_message_id")
    if message_id is None:
        return None
    entry = chat.messages.get(message_id)
    if entry is None:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    target = copy.deepcopy(entry.message)
    target.pop("reply_to_message", None)
    return target


def check_length(text: str, limit: int, what: str) -> None:
    if utf16_len(text) > limit:
        raise bad_request(f"{what} is too long")


def common_fields(call: Call, chat: ChatState) -> dict[str, Any]:
    """Fields every send* method accepts: reply target and inline keyboard."""
    fields: dict[str, Any] = {}
    target = reply_target(call, chat)
    if target is not None:
        fields["reply_to_message"] = target
    markup = apply_markup(call, chat)
    if markup is not None:
        fields["reply_markup"] = markup
    if call.params.get_bool("protect_content"):
        fields["has_protected_content"] = True
    return fields
