"""The in-memory Telegram world: bots, users, chats, messages, files and pending updates.

All of it lives on one event loop (the server's); handlers mutate it synchronously between
awaits, so concurrent getUpdates and sends never see half-made changes.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock
from .errors import ApiError, bad_request, unauthorized

TOKEN_PATTERN = re.compile(r"^(\d{1,20}):[A-Za-z0-9_-]{30,64}$")  # real ones: 35
BOT_USERNAME = "safe_report_sandbox_bot"
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
    }
)


@dataclass
class Settings:
    """Limits that mirror api.telegram.org; tests may shorten the time-based ones."""

    poll_fresh_s: float = 5.0
    callback_ttl_s: float = 15.0
    max_download_bytes: int = 20 * 1024 * 1024
    max_upload_bytes: int = 50 * 1024 * 1024
    webhook_retry_s: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0, 5.0)
    log_size: int = 5000


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    size: int
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass
class Entry:
    """A message as the chat shows it, and who sent it."""

    message: dict[str, Any]
    from_bot: bool


@dataclass
class ChatState:
    chat: dict[str, Any]
    messages: dict[int, Entry] = field(default_factory=dict)
    next_message_id: int = 1
    bot_member: bool = True
    blocked: bool = False
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    last_action: dict[str, Any] | None = None
    reply_keyboard: dict[str, Any] | None = None

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    @property
    def is_private(self) -> bool:
        return self.chat["type"] == "private"

    def age_messages(self, seconds: float) -> None:
        """Everything in this chat was sent `seconds` earlier (time passed here only)."""
        shift = int(seconds)
        for entry in self.messages.values():
            _shift_dates(entry.message, shift)
        if self.last_action is not None:
            self.last_action["date"] -= shift


def _shift_dates(message: dict[str, Any], shift: int) -> None:
    for key in ("date", "edit_date"):
        if key in message:
            message[key] -= shift
    quoted = message.get("reply_to_message")
    if isinstance(quoted, dict):
        _shift_dates(quoted, shift)


@dataclass
class CallbackRecord:
    """A button press the bot has yet to answer; `created` is by the sandbox clock."""

    chat_id: int
    message_id: int
    created: float
    answered: bool = False
    expired: bool = False  # set by the scripting API: answering now fails as if too late


@dataclass
class Webhook:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None

    def info(self, pending: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": self.max_connections,
        }
        if self.allowed_updates is not None:
            out["allowed_updates"] = self.allowed_updates
        if self.last_error_date is not None:
            out["last_error_date"] = self.last_error_date
            out["last_error_message"] = self.last_error_message
        return out


@dataclass
class Fault:
    """A planned failure for one method (or "*"), applied before the method runs."""

    method: str = "*"
    status: int | None = None
    retry_after: int | None = None
    description: str | None = None
    delay_ms: int = 0
    drop: str | None = None  # "request": close unanswered; "response": run, then close
    count: int = 1  # remaining; negative means until reset

    def matches(self, method: str) -> bool:
        return self.count != 0 and self.method.lower() in ("*", method.lower())


class BotState:
    """Everything one bot token sees; chats are keyed by chat id as the bot knows them."""

    def __init__(self, token: str, world: World) -> None:
        match = TOKEN_PATTERN.match(token)
        if match is None:
            raise unauthorized()
        self.token = token
        self.world = world
        self.user: dict[str, Any] = {
            "id": int(match.group(1)),
            "is_bot": True,
            "first_name": "Safe Report (sandbox)",
            "username": BOT_USERNAME,
        }
        self.updates: deque[dict[str, Any]] = deque()
        # Telegram's update ids only ever grow; a sandbox started again must not reuse an
        # earlier run's, which the bot's database recorded as handled (and would skip).
        # So ids start at the start second times 2**20: above any earlier run's unless
        # that one made over a million updates a second.
        self.next_update_id = int(time.time()) << 20
        self.allowed_updates: list[str] | None = None
        self.webhook: Webhook | None = None
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}
        self.profile_photo: bytes | None = None  # setMyProfilePhoto's image, if one is set
        self.last_poll_at: float | None = None
        self.polls_in_flight = 0
        self.poll_generation = 0
        self.last_seen_at = time.monotonic()
        self._wakeup = asyncio.Event()
        self._file_seq = itertools.count(1)
        # Called with a chat id whenever a message there appears, changes or goes.
        self.chat_watchers: list[Callable[[int], None]] = []

    # -- updates -------------------------------------------------------------------------

    def enqueue(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Queue an update unless allowed_updates excludes its kind (as Telegram drops them)."""
        allowed = self.webhook.allowed_updates if self.webhook else self.allowed_updates
        wanted = set(allowed) if allowed else DEFAULT_UPDATE_TYPES
        if kind not in wanted:
            return None
        update_id = self.next_update_id
        self.next_update_id += 1
        self.updates.append({"update_id": update_id, kind: copy.deepcopy(payload)})
        self.notify()
        return update_id

    def notify(self) -> None:
        """Wake every long poll and the webhook pusher."""
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def wakeup_event(self) -> asyncio.Event:
        return self._wakeup

    def confirm(self, offset: int) -> None:
        """Forget updates below offset; a negative offset keeps only the last -offset ones."""
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
            return
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()

    def is_polling(self) -> bool:
        if self.webhook is not None or self.polls_in_flight > 0:
            return True
        fresh = self.world.settings.poll_fresh_s
        return self.last_poll_at is not None and time.monotonic() - self.last_poll_at < fresh

    # -- chats and messages --------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatState:
        state = self.chats.get(chat_id)
        if state is None:
            raise bad_request("chat not found")
        return state

    def add_message(
        self, chat: ChatState, fields: dict[str, Any], *, from_bot: bool
    ) -> dict[str, Any]:
        """Give a message the chat's next id, date and chat, and show it in the chat."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: dict[str, Any] = {"message_id": message_id}
        if from_bot:
            message["from"] = dict(self.user)
        message.update({"date": self.world.clock.date(), "chat": dict(chat.chat)})
        message.update(fields)
        chat.messages[message_id] = Entry(message=message, from_bot=from_bot)
        self.chat_changed(chat.id)
        return message

    def let_time_pass(self, chat_id: int, seconds: float) -> None:
        """Move time forward for one chat: its messages and pending presses grow older."""
        if seconds < 0:
            raise ValueError("time in the sandbox only moves forward")
        chat = self.chat(chat_id)
        chat.age_messages(seconds)
        for record in self.callbacks.values():
            if record.chat_id == chat_id:
                record.created -= seconds
        self.chat_changed(chat_id)

    def message_age(self, chat_id: int, message_id: int) -> float | None:
        """Seconds since a message was sent, by the sandbox clock (None: not in the chat)."""
        chat = self.chats.get(chat_id)
        entry = chat.messages.get(message_id) if chat is not None else None
        if entry is None:
            return None
        return self.world.clock.now() - float(entry.message["date"])

    def chat_changed(self, chat_id: int) -> None:
        for watcher in self.chat_watchers:
            watcher(chat_id)

    def store_file(
        self,
        data: bytes,
        *,
        folder: str,
        extension: str,
        size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Keep bytes under a fresh file_id; `size` may declare more bytes than are kept."""
        seq = next(self._file_seq)
        digest = hashlib.sha256(data + str(seq).encode()).hexdigest()
        stored = StoredFile(
            file_id=f"{folder[:3].upper()}{seq}_{secrets.token_urlsafe(24)}",
            file_unique_id=f"U{digest[:15]}",
            data=data,
            size=size if size is not None else len(data),
            file_path=f"{folder}/file_{seq}.{extension}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        for stored in self.files.values():
            if stored.file_path == path:
                return stored
        return None

    def reset_world(self) -> None:
        """Drop chats, files and pending updates; keep identity, webhook and update ids."""
        self.updates.clear()
        self.chats.clear()
        self.files.clear()
        self.callbacks.clear()
        self.notify()


class World:
    """All bots by token, plus the users that talk to them, faults and the call log."""

    def __init__(
        self,
        tokens: set[str] | None = None,
        settings: Settings | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.tokens = set(tokens) if tokens is not None else None
        self.settings = settings or Settings()
        self.clock = clock or Clock()
        self.bots: dict[str, BotState] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.log: deque[dict[str, Any]] = deque(maxlen=self.settings.log_size)
        self.closing = False

    def close(self) -> None:
        """Server shutdown: end long polls at once instead of holding the shutdown."""
        self.closing = True
        for bot in self.bots.values():
            bot.notify()

    def bot(self, token: str) -> BotState:
        """The bot for an API token; 401 for malformed or (when restricted) unknown tokens."""
        if self.tokens is not None and token not in self.tokens:
            raise unauthorized()
        state = self.bots.get(token)
        if state is None:
            state = BotState(token, self)
            self.bots[token] = state
        state.last_seen_at = time.monotonic()
        return state

    def current_bot(self, token: str | None = None) -> BotState:
        """The bot a scripting call means: the named one, else the one seen last."""
        if token:
            return self.bot(token)
        if self.bots:
            return max(self.bots.values(), key=lambda b: b.last_seen_at)
        if self.tokens:
            return self.bot(sorted(self.tokens)[0])
        raise ApiError(409, "Conflict: no bot has called the API yet; pass ?token=")

    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """The user with this id, created on first use; given fields update it."""
        user = self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
            self.users[user_id] = user
        if first_name:
            user["first_name"] = first_name
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        return user

    def take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method):
                if fault.count > 0:
                    fault.count -= 1
                return fault
        return None

    def reset(self) -> None:
        self.users.clear()
        self.faults.clear()
        self.log.clear()
        for bot in self.bots.values():
            bot.reset_world()
