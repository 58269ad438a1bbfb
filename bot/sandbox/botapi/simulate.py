"""What people do on the Telegram side: send, forward, edit, press buttons, block the bot,
delete messages; and time passing.

Used by the scripting API and the chat page; tests running the server in process may call
these directly on `server.state`.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import secrets
from typing import Any

from . import deletion, media
from .entities import detect_entities
from .state import BotState, CallbackRecord, ChatState, World


class ScriptError(Exception):
    """A scripting request that cannot be carried out (HTTP status + reason)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _decode(data: Any, what: str) -> bytes:
    if not isinstance(data, str):
        raise ScriptError(400, f"{what} must be base64 text")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ScriptError(400, f"{what} is not valid base64") from None


def open_chat(bot: BotState, user: dict[str, Any], body: dict[str, Any]) -> ChatState:
    """The chat a user writes in: her private chat with the bot, or a group (created on use)."""
    chat_type = body.get("chat_type") or ("group" if body.get("chat_id") else "private")
    if chat_type == "private":
        chat = bot.chats.get(user["id"])
        if chat is None:
            info = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                info["username"] = user["username"]
            chat = ChatState(chat=info)
            bot.chats[user["id"]] = chat
        chat.chat["first_name"] = user["first_name"]
        if chat.blocked:  # writing to the bot again ("Restart") unblocks it
            _set_blocked(bot, chat, user, blocked=False)
        return chat
    if chat_type not in ("group", "supergroup"):
        raise ScriptError(400, "chat_type must be private, group or supergroup")
    chat_id = int(body.get("chat_id") or -user["id"])
    if chat_id >= 0:
        raise ScriptError(400, "group chat ids are negative")
    chat = bot.chats.get(chat_id)
    if chat is None:
        title = str(body.get("chat_title") or "Sandbox group")
        chat = ChatState(chat={"id": chat_id, "type": chat_type, "title": title})
        bot.chats[chat_id] = chat
        _bot_added(bot, chat, user)
    return chat


def _bot_added(bot: BotState, chat: ChatState, user: dict[str, Any]) -> None:
    """A person adds the bot to a group: my_chat_member, then the service message."""
    bot.enqueue(
        "my_chat_member",
        {
            "chat": chat.chat,
            "from": user,
            "date": bot.world.clock.date(),
            "old_chat_member": {"status": "left", "user": bot.user},
            "new_chat_member": {"status": "member", "user": bot.user},
        },
    )
    message = bot.add_message(chat, {"from": user, "new_chat_members": [bot.user]}, from_bot=False)
    bot.enqueue("message", message)


def _content(bot: BotState, user: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Text, media, location, forward origin and reply of a message a user sends."""
    fields: dict[str, Any] = {"from": user}
    caption = body.get("caption")
    kind = body.get("kind")
    if body.get("photo") is not None:
        data = _decode(body["photo"], "photo")
        if media.image_size(data) is None:
            raise ScriptError(400, "photo is not a PNG, JPEG, GIF or WebP image")
        stored = media.store(bot, "photo", data)
        fields["photo"] = media.media_object("photo", stored)
    elif body.get("document") is not None:
        doc = body["document"]
        if not isinstance(doc, dict):
            raise ScriptError(400, 'document must be {"name", "mime_type", "base64"}')
        data = _decode(doc.get("base64", ""), "document.base64")
        size = doc.get("size")
        stored = media.store(
            bot,
            "document",
            data,
            file_name=str(doc.get("name") or "document.bin"),
            mime_type=str(doc.get("mime_type") or "application/octet-stream"),
            size=max(int(size), len(data)) if size is not None else None,
        )
        fields["document"] = media.media_object("document", stored)
    elif kind == "location":
        fields["location"] = {
            "latitude": float(body.get("latitude", 41.3275)),
            "longitude": float(body.get("longitude", 19.8187)),
        }
    elif kind == "contact":
        fields["contact"] = {
            "phone_number": str(body.get("phone_number", "+00000000000")),
            "first_name": user["first_name"],
            "user_id": user["id"],
        }
    elif kind in media.PLACEHOLDER_BYTES:
        raw = body.get("base64")
        data = _decode(raw, "base64") if raw is not None else media.PLACEHOLDER_BYTES[kind]
        stored = media.store(bot, kind, data)
        extra = {"emoji": body.get("emoji", "🙂"), "duration": int(body.get("duration", 3))}
        fields[kind] = media.media_object(kind, stored, extra)
    elif kind not in (None, "text"):
        raise ScriptError(400, f"unknown kind {kind!r}")
    else:
        text = body.get("text")
        if not isinstance(text, str) or not text:
            raise ScriptError(400, "text is required (or photo, document or kind)")
        fields["text"] = text
        entities = detect_entities(text)
        if entities:
            fields["entities"] = entities
        caption = None
    if caption:
        fields["caption"] = str(caption)
        entities = detect_entities(str(caption))
        if entities:
            fields["caption_entities"] = entities
    origin = _forward_origin(body, bot.world.clock.date())
    if origin is not None:
        fields["forward_origin"] = origin
    return fields


def _forward_origin(body: dict[str, Any], today: int) -> dict[str, Any] | None:
    name = body.get("forward_from_name")
    sender_id = body.get("forward_from_user_id")
    if not name and sender_id is None:
        return None
    date = int(body.get("forward_date") or today - 3600)
    if sender_id is not None:
        sender = {"id": int(sender_id), "is_bot": False, "first_name": str(name or "Someone")}
        return {"type": "user", "sender_user": sender, "date": date}
    return {"type": "hidden_user", "sender_user_name": str(name), "date": date}


def send(bot: BotState, user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A user sends (or edits, with edit_message_id) a message; returns it and its update_id."""
    user = bot.world.user(
        user_id,
        first_name=body.get("first_name"),
        language_code=body.get("language_code"),
        username=body.get("username"),
    )
    chat = open_chat(bot, user, body)
    if body.get("edit_message_id") is not None:
        return _edit(bot, chat, int(body["edit_message_id"]), body)
    fields = _content(bot, user, body)
    reply_to = body.get("reply_to_message_id")
    if reply_to is not None:
        target = chat.messages.get(int(reply_to))
        if target is None:
            raise ScriptError(404, f"no message {reply_to} in this chat")
        quoted = copy.deepcopy(target.message)
        quoted.pop("reply_to_message", None)
        fields["reply_to_message"] = quoted
    if fields.get("text") and chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
        chat.reply_keyboard = None
    message = bot.add_message(chat, fields, from_bot=False)
    delivered = chat.is_private or chat.bot_member
    update_id = bot.enqueue("message", message) if delivered else None
    return {"message": message, "update_id": update_id}


def _edit(bot: BotState, chat: ChatState, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
    entry = chat.messages.get(message_id)
    if entry is None or entry.from_bot:
        raise ScriptError(404, f"no message {message_id} of this user in this chat")
    message = entry.message
    if "text" in message:
        text = body.get("text")
        if not isinstance(text, str) or not text:
            raise ScriptError(400, "text is required to edit a text message")
        message["text"] = text
        entities = detect_entities(text)
        if entities:
            message["entities"] = entities
        else:
            message.pop("entities", None)
    else:
        message["caption"] = str(body.get("caption") or body.get("text") or "")
    message["edit_date"] = bot.world.clock.date()
    update_id = bot.enqueue("edited_message", message)
    return {"message": message, "update_id": update_id}


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def press(bot: BotState, user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Press an inline button on the newest bot message that has it (or on message_id)."""
    data, label = body.get("callback_data"), body.get("button")
    if data is None and label is None:
        raise ScriptError(400, "give callback_data or button")
    chat_id = int(body.get("chat_id") or user_id)
    chat = bot.chats.get(chat_id)
    if chat is None:
        raise ScriptError(404, f"no chat {chat_id}")
    wanted_id = body.get("message_id")
    entries = [e for e in reversed(chat.messages.values()) if e.from_bot]
    if wanted_id is not None:
        entries = [e for e in entries if e.message["message_id"] == int(wanted_id)]
    for entry in entries:
        for button in _buttons(entry.message):
            if (data is not None and button.get("callback_data") == data) or (
                label is not None and button.get("text") == label
            ):
                if "callback_data" not in button:
                    raise ScriptError(409, "that button opens a link; it has no callback_data")
                return _callback(bot, chat, entry.message, button["callback_data"], user_id, body)
    raise ScriptError(404, "no such button")


def _callback(
    bot: BotState,
    chat: ChatState,
    message: dict[str, Any],
    data: str,
    user_id: int,
    body: dict[str, Any],
) -> dict[str, Any]:
    user = bot.world.user(
        user_id, first_name=body.get("first_name"), language_code=body.get("language_code")
    )
    query_id = str(secrets.randbits(63))
    bot.callbacks[query_id] = CallbackRecord(
        chat_id=chat.id, message_id=int(message["message_id"]), created=bot.world.clock.now()
    )
    instance = hashlib.sha256(f"{bot.token}:{chat.id}".encode()).hexdigest()
    update_id = bot.enqueue(
        "callback_query",
        {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": str(int(instance[:15], 16)),
            "data": data,
        },
    )
    return {
        "callback_query_id": query_id,
        "update_id": update_id,
        "message_id": message["message_id"],
    }


def block(bot: BotState, user_id: int, blocked: bool) -> dict[str, Any]:
    """The user blocks (or unblocks) the bot; the bot hears of it as my_chat_member.

    While she has blocked it, every send to her chat answers 403 "Forbidden: bot was
    blocked by the user", as Telegram does. Blocking twice changes nothing and tells the
    bot nothing new.
    """
    existing = bot.chats.get(user_id)
    if (existing is not None and existing.blocked) == blocked:
        return {"blocked": blocked, "update_id": None}
    user = bot.world.user(user_id)
    chat = existing or open_chat(bot, user, {"chat_type": "private"})
    return {"blocked": blocked, "update_id": _set_blocked(bot, chat, user, blocked=blocked)}


def _set_blocked(
    bot: BotState, chat: ChatState, user: dict[str, Any], *, blocked: bool
) -> int | None:
    chat.blocked = blocked
    member: dict[str, Any] = {"status": "member", "user": bot.user}
    kicked: dict[str, Any] = {"status": "kicked", "user": bot.user, "until_date": 0}
    old, new = (member, kicked) if blocked else (kicked, member)
    return bot.enqueue(
        "my_chat_member",
        {
            "chat": chat.chat,
            "from": user,
            "date": bot.world.clock.date(),
            "old_chat_member": old,
            "new_chat_member": new,
        },
    )


def delete_by_user(bot: BotState, user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """She deletes messages in her private chat with the bot, for both sides.

    A person may delete any message of a private chat, hers or the bot's, at any age
    (Telegram's 48-hour limit binds bots only). The bot is not told (Telegram sends no
    update for it); afterwards the message is simply gone for it too, so deleting it
    answers "message to delete not found" and editing it "message to edit not found".
    `{"message_ids": [...]}` deletes those, `{"all": true}` clears the whole history
    (her "Delete chat" / "Clear history").
    """
    chat = bot.chats.get(user_id)
    if chat is None:
        raise ScriptError(404, f"no private chat with user {user_id}")
    if body.get("all"):
        wanted = list(chat.messages)
    else:
        raw = body.get("message_ids", [body["message_id"]] if "message_id" in body else None)
        if not isinstance(raw, list) or not raw:
            raise ScriptError(400, 'give "message_ids": [...], "message_id" or "all": true')
        wanted = [int(i) for i in raw]
        missing = [i for i in wanted if i not in chat.messages]
        if missing:
            raise ScriptError(404, f"no message {missing[0]} in this chat")
    for message_id in wanted:
        chat.messages.pop(message_id, None)
    bot.chat_changed(chat.id)
    return {"deleted": wanted}


def let_time_pass(world: World, bot: BotState | None, body: dict[str, Any]) -> dict[str, Any]:
    """Move time forward by `seconds`: for the world, or (with chat_id) for one chat only.

    For the world, the clock moves: every message everywhere is older, new messages carry
    the later date, and a bot whose clock is tied to this one sees the same time. For one
    chat of `bot`, the clock stays and that chat's messages (and pending button presses)
    become older, as if her conversation had happened `seconds` earlier. `freeze`
    (true/false) stops or restarts the clock first.
    """
    clock = world.clock
    if "freeze" in body:
        if body["freeze"]:
            clock.freeze()
        else:
            clock.resume()
    seconds = float(body.get("seconds") or 0)
    if seconds < 0:
        raise ScriptError(400, "time in the sandbox only moves forward")
    chat_id = body.get("chat_id")
    if chat_id is None:
        clock.advance(seconds)
        return clock.describe()
    if bot is None or int(chat_id) not in bot.chats:
        raise ScriptError(404, f"no chat {chat_id}")
    bot.let_time_pass(int(chat_id), seconds)
    return clock.describe()


def expire_callback(bot: BotState, query_id: str) -> dict[str, Any]:
    """A press the bot has not answered in time: answering it now fails as on Telegram."""
    record = bot.callbacks.get(query_id)
    if record is None:
        raise ScriptError(404, f"no callback query {query_id}")
    record.expired = True
    return {"callback_query_id": query_id, "expired": True}


def view(bot: BotState, chat_id: int) -> dict[str, Any]:
    """What the chat shows now: messages (deleted ones gone), button answers, keyboards.

    Each message carries its `date` and `age_s` by the sandbox clock, and whether the bot
    could still delete it now (`deletable_by_bot`, Telegram's 48-hour rule).
    """
    clock = bot.world.clock
    chat = bot.chats.get(chat_id)
    if chat is None:
        return {
            "chat": None,
            "messages": [],
            "callback_answers": [],
            "clock": clock.describe(),
        }
    now = clock.now()
    messages = []
    for entry in chat.messages.values():
        message = entry.message
        item: dict[str, Any] = {
            "message_id": message["message_id"],
            "from": "bot" if entry.from_bot else "user",
            "text": message.get("text"),
            "buttons": [
                [{k: v for k, v in b.items() if k in ("text", "callback_data", "url")} for b in row]
                for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            ],
            "date": message["date"],
            "age_s": int(deletion.age_s(entry, now)),
            "deletable_by_bot": deletion.refusal(chat, entry, now) is None,
        }
        for key in (
            "caption",
            "entities",
            "edit_date",
            "forward_origin",
            "location",
            "new_chat_members",
            "has_protected_content",
        ):
            if key in message:
                item[key] = message[key]
        if "reply_to_message" in message:
            item["reply_to_message_id"] = message["reply_to_message"]["message_id"]
        if not entry.from_bot and "from" in message:
            item["sender"] = message["from"].get("first_name")
        file = media.file_of(message)
        if file is not None:
            item["file"] = file
        messages.append(item)
    return {
        "chat": chat.chat,
        "messages": messages,
        "callback_answers": chat.callback_answers,
        "reply_keyboard": chat.reply_keyboard,
        "last_action": chat.last_action,
        "bot_member": chat.bot_member,
        "blocked": chat.blocked,
        "clock": clock.describe(),
    }
