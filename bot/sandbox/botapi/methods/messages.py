"""Sending, editing and deleting text messages, and answering button presses."""

from __future__ import annotations

import copy
import time
from typing import Any

from ..entities import format_text
from ..errors import bad_request
from ..state import ChatState, Entry, now
from .base import Call, Handler, apply_markup, check_length, common_fields, sendable_chat

MAX_TEXT = 4096
MAX_CAPTION = 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


def formatted(call: Call, field: str, entities_field: str) -> tuple[str, list[dict[str, Any]]]:
    params = call.params
    raw = params.get_str(field) or ""
    return format_text(raw, params.get_str("parse_mode"), params.get_json(entities_field))


async def send_message(call: Call) -> dict[str, Any]:
    chat = sendable_chat(call)
    text, entities = formatted(call, "text", "entities")
    if not text.strip():
        raise bad_request("message text is empty")
    check_length(text, MAX_TEXT, "message")
    fields: dict[str, Any] = {"text": text}
    if entities:
        fields["entities"] = entities
    preview = call.params.get_json("link_preview_options")
    if isinstance(preview, dict) and preview:
        fields["link_preview_options"] = preview
    fields.update(common_fields(call, chat))
    return call.bot.add_message(chat, fields, from_bot=True)


def _own_message(call: Call, missing: str) -> tuple[ChatState, Entry]:
    """The bot's message named by chat_id + message_id (inline messages are not simulated)."""
    if call.params.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the sandbox")
    chat = call.bot.chat(call.params.need_int("chat_id", "chat not found"))
    message_id = call.params.need_int("message_id", "message identifier is not specified")
    entry = chat.messages.get(message_id)
    if entry is None:
        raise bad_request(missing)
    if not entry.from_bot:
        raise bad_request("message can't be edited")
    return chat, entry


def _set(message: dict[str, Any], key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


def _edit(call: Call, chat: ChatState, entry: Entry, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply an edit, refusing a no-op like Telegram; absent keyboard means removed."""
    message = entry.message
    if all(message.get(key) == (value or None) for key, value in changes.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in changes.items():
        _set(message, key, value)
    message["edit_date"] = now()
    call.bot.chat_changed(chat.id)
    return copy.deepcopy(message)


async def edit_message_text(call: Call) -> dict[str, Any]:
    chat, entry = _own_message(call, "message to edit not found")
    if "text" not in entry.message:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted(call, "text", "entities")
    if not text.strip():
        raise bad_request("message text is empty")
    check_length(text, MAX_TEXT, "message")
    markup = apply_markup(call, chat)
    return _edit(call, chat, entry, {"text": text, "entities": entities, "reply_markup": markup})


async def edit_message_caption(call: Call) -> dict[str, Any]:
    chat, entry = _own_message(call, "message to edit not found")
    if "text" in entry.message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = formatted(call, "caption", "caption_entities")
    check_length(caption, MAX_CAPTION, "message caption")
    markup = apply_markup(call, chat)
    changes = {"caption": caption, "caption_entities": entities, "reply_markup": markup}
    return _edit(call, chat, entry, changes)


async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    chat, entry = _own_message(call, "message to edit not found")
    return _edit(call, chat, entry, {"reply_markup": apply_markup(call, chat)})


def _deletable(chat: ChatState, message_id: int) -> bool:
    """Private chats: any message; groups (bot not admin): only the bot's own."""
    entry = chat.messages.get(message_id)
    if entry is None:
        return False
    if not chat.is_private and not entry.from_bot:
        raise bad_request("message can't be deleted")
    return True


async def delete_message(call: Call) -> bool:
    chat = call.bot.chat(call.params.need_int("chat_id", "chat not found"))
    message_id = call.params.need_int("message_id", "message identifier is not specified")
    if not _deletable(chat, message_id):
        raise bad_request("message to delete not found")
    del chat.messages[message_id]
    call.bot.chat_changed(chat.id)
    return True


async def delete_messages(call: Call) -> bool:
    """Deletes what it can and skips the rest; 400 only when none of them could be found."""
    chat = call.bot.chat(call.params.need_int("chat_id", "chat not found"))
    ids = call.params.get_json("message_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    if len(ids) > 100:
        raise bad_request("too many message identifiers specified")
    try:
        wanted = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise bad_request("message identifiers are invalid") from None
    found = [i for i in wanted if _deletable(chat, i)]
    if not found:
        raise bad_request("message to delete not found")
    for message_id in found:
        chat.messages.pop(message_id, None)
    call.bot.chat_changed(chat.id)
    return True


async def answer_callback_query(call: Call) -> bool:
    bot, params = call.bot, call.params
    query_id = params.get_str("callback_query_id") or ""
    record = bot.callbacks.get(query_id)
    ttl = call.world.settings.callback_ttl_s
    if record is None or record.answered or time.monotonic() - record.created > ttl:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get_str("text")
    if text is not None:
        check_length(text, 200, "message")
    record.answered = True
    answer: dict[str, Any] = {
        "callback_query_id": query_id,
        "message_id": record.message_id,
        "text": text,
        "show_alert": params.get_bool("show_alert"),
    }
    if params.has("url"):
        answer["url"] = params.get_str("url")
    chat = bot.chats.get(record.chat_id)
    if chat is not None:
        chat.callback_answers.append(answer)
    return True


async def send_chat_action(call: Call) -> bool:
    chat = sendable_chat(call)
    action = call.params.get_str("action") or ""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.last_action = {"action": action, "date": now()}
    return True


METHODS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
}
