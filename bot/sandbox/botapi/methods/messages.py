"""Sending, editing and deleting text messages, and answering button presses."""

from __future__ import annotations

import copy
from typing import Any

from .. import deletion
from ..entities import format_text
from ..errors import bad_request
from ..state import CallbackRecord, ChatState, Entry
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
    message["edit_date"] = call.world.clock.date()
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


def _delete_target_chat(call: Call, missing: str) -> ChatState:
    if not call.params.has("chat_id"):
        raise bad_request(missing)
    return call.bot.chat(call.params.need_int("chat_id", "chat not found"))


async def delete_message(call: Call) -> bool:
    """One message; refused when missing or too old (see `deletion` for the rules)."""
    chat = _delete_target_chat(call, "chat identifier is not specified")
    message_id = call.params.get_int("message_id") or 0
    if message_id <= 0:
        raise bad_request("message identifier is not specified")
    entry = chat.messages.get(message_id)
    if entry is None:
        raise bad_request("message to delete not found")
    reason = deletion.refusal(chat, entry, call.world.clock.now())
    if reason is not None:
        raise bad_request(reason)
    del chat.messages[message_id]
    call.bot.chat_changed(chat.id)
    return True


MAX_DELETE_IDS = 100


def _message_ids(call: Call) -> list[int]:
    """message_ids parsed as the Bot API server does (same checks, same order, same words)."""
    ids = call.params.get_json("message_ids")
    if ids is None:
        raise bad_request("message identifiers are not specified")
    if not isinstance(ids, list):
        raise bad_request("expected an Array of message identifiers")
    if len(ids) > MAX_DELETE_IDS:
        raise bad_request("too many message identifiers specified")
    wanted: list[int] = []
    for value in ids:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad_request("message identifier must be a Number")
        try:
            number = int(value) if not isinstance(value, float) else None
        except ValueError:
            number = None
        if number is None or not -(2**31) <= number < 2**31:
            raise bad_request("can't parse message identifier as a Number")
        if number <= 0:
            raise bad_request("invalid message identifier specified")
        wanted.append(number)
    if not wanted:
        raise bad_request("message identifiers are not specified")
    return wanted


async def delete_messages(call: Call) -> bool:
    """Delete 1-100 messages at once: all of them, or none.

    The spec: "If some of the specified messages can't be found, they are skipped" and
    "See deleteMessage for limitations on which messages can be deleted". It says that
    missing messages are skipped and says nothing of the kind for messages that exist but
    may not be deleted, so those are not skipped: the call fails. That is also what
    api.telegram.org does: the Bot API server drops the ids it cannot find, then TDLib's
    deleteMessages checks every remaining message before deleting any and answers
    "message can't be deleted for everyone" (or "message can't be deleted") for the
    first one it may not delete, leaving all of them in place. So:
    - ids that are not in the chat (never sent, or she deleted them) are skipped;
    - if every id is missing, nothing is deleted and the answer is still True;
    - if one message found is too old (48 hours, see `deletion`), the call answers 400
      with Telegram's words and deletes nothing, not even the young ones;
    - otherwise every message found is deleted.
    A bot must therefore fall back to deleting one by one to save what can be saved.
    """
    wanted = _message_ids(call)
    chat = _delete_target_chat(call, "chat_id is empty")
    now = call.world.clock.now()
    found = [i for i in dict.fromkeys(wanted) if i in chat.messages]
    for message_id in found:
        reason = deletion.refusal(chat, chat.messages[message_id], now)
        if reason is not None:
            raise bad_request(reason)
    for message_id in found:
        del chat.messages[message_id]
    if found:
        call.bot.chat_changed(chat.id)
    return True


async def answer_callback_query(call: Call) -> bool:
    bot, params = call.bot, call.params
    query_id = params.get_str("callback_query_id") or ""
    record = bot.callbacks.get(query_id)
    if record is None or record.answered or expired(call, record):
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


def expired(call: Call, record: CallbackRecord) -> bool:
    """Too late to answer: the sandbox clock passed the time limit, or a script said so."""
    age = call.world.clock.now() - record.created
    return record.expired or age > call.world.settings.callback_ttl_s


async def send_chat_action(call: Call) -> bool:
    chat = sendable_chat(call)
    action = call.params.get_str("action") or ""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.last_action = {"action": action, "date": call.world.clock.date()}
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
