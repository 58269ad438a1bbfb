"""Carry out the service's outbound actions through a small port, whatever the library.

Both transports share one set of rules (pacing, retry, backoff, batched deletion,
callback answers) so that a survivor sees the same chat whichever library runs the
bot; each adapter only says how to make a call and how to read its library's errors.
Her answers and what the delivery loop sends her (caseworker replies, transfer
questions) go through the same `render_outcome`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, TypeVar

from bot.flows.actions import AnswerCallback, ChatMenu, EditPressed, Keyboard, LeaveChat, Send
from bot.flows.telegram_text import split_html
from bot.services.outcome import (
    ChatUnreachable,
    DeleteMessages,
    MessageRefused,
    Outcome,
    SendFile,
)
from bot.services.send_limits import SendLimiter
from bot.telegram.webhook_reply import offer_callback_answer

log = logging.getLogger(__name__)
T = TypeVar("T")
DELETE_BATCH = 100
MAX_TRIES = 5


class FailureKind(Enum):
    RETRY_AFTER = "retry_after"  # flood control: wait as long as Telegram says
    TRANSIENT = "transient"  # server error, network error, timeout: back off and retry
    REJECTED = "rejected"  # 400: retrying cannot help
    FORBIDDEN = "forbidden"  # 403: blocked, or not a member any more
    OTHER = "other"


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    retry_after: float = 0.0
    message: str = ""  # lower case, for the few descriptions we must tell apart


@dataclass(frozen=True)
class Pressed:
    """The callback query being handled: its id and the message its button sat on."""

    id: str
    message_id: int | None


class BotPort(Protocol):
    """The Bot API calls the flows need, in one library's terms."""

    def classify(self, exc: BaseException) -> Failure: ...

    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int: ...

    async def send_file(
        self, chat_id: int, file_name: str, data: bytes, caption: str, buttons: Keyboard = ()
    ) -> int:
        """A document she may keep: sent with `protect_content` off."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None: ...

    async def answer(self, callback_id: str, text: str | None = None) -> None: ...

    async def delete_many(self, chat_id: int, message_ids: list[int]) -> None: ...

    async def delete_one(self, chat_id: int, message_id: int) -> None: ...

    async def leave(self, chat_id: int) -> None: ...

    async def set_chat_menu(
        self, chat_id: int, commands: tuple[tuple[str, str], ...] | None
    ) -> None:
        """Her chat's own command menu (None: remove it)."""
        ...

    async def download(self, file_id: str) -> bytes: ...


def is_(port: BotPort, exc: BaseException, *kinds: FailureKind) -> bool:
    return port.classify(exc).kind in kinds


async def with_retries(
    call: Callable[[], Awaitable[T]], classify: Callable[[BaseException], Failure]
) -> T:
    """Honour `retry_after`, retry server errors and timeouts with backoff."""
    delay = 0.5
    for attempt in range(MAX_TRIES):
        try:
            return await call()
        except Exception as exc:
            failure = classify(exc)
            if failure.kind is FailureKind.RETRY_AFTER:
                await asyncio.sleep(failure.retry_after)
            elif failure.kind is FailureKind.TRANSIENT and attempt < MAX_TRIES - 1:
                await asyncio.sleep(delay)
                delay *= 2
            else:
                raise
    return await call()


async def answer_quietly(port: BotPort, pressed: Pressed, text: str | None = None) -> None:
    """Answer a button press, retrying like any call; never let it block what follows.

    An answer only stops the button's spinner (Telegram stops it by itself after a
    while); the messages after it are what the survivor needs, so a failed answer
    is logged and the rest of the outcome is still delivered. In webhook mode the
    answer rides on the webhook's HTTP answer instead.
    """
    if offer_callback_answer(pressed.id, text or None):
        return
    try:
        await with_retries(lambda: port.answer(pressed.id, text or None), port.classify)
    except Exception as exc:
        if is_(port, exc, FailureKind.REJECTED):
            log.info("callback answered too late")
        else:
            log.warning("callback answer failed: %s", exc.__class__.__name__)


@dataclass
class Rendered:
    """What became of an outcome: the ids it sent, and the ids Telegram would not delete."""

    sent: list[int] = field(default_factory=list)
    undeleted: list[int] = field(default_factory=list)


async def render_outcome(
    port: BotPort,
    *,
    chat_id: int,
    outcome: Outcome,
    pressed: Pressed | None,
    limiter: SendLimiter | None = None,
) -> Rendered:
    """Send, edit and delete as asked, paced within Telegram's limits.

    Raises `ChatUnreachable` when Telegram will not deliver to her chat at all (403);
    a message Telegram refuses (400) is replaced by its fallback text or dropped with
    a log line, and the rest of the outcome still goes out.
    """
    pressed_message = pressed.message_id if pressed is not None else None
    done = Rendered()
    answered = False
    paced = sum(
        isinstance(a, Send | SendFile)
        or (isinstance(a, EditPressed) and pressed_message is not None)
        for a in outcome.actions
    )
    if limiter is not None and paced:
        await limiter.acquire(chat_id, paced)  # the whole answer at once: one call
    for action in outcome.actions:
        if isinstance(action, AnswerCallback):
            if pressed is not None and not answered:
                answered = True
                await answer_quietly(port, pressed, action.text)
        elif isinstance(action, Send):
            done.sent.extend(
                await _send(port, chat_id, action.text, action.buttons, action.fallback)
            )
        elif isinstance(action, SendFile):
            done.sent.extend(await _send_file(port, chat_id, action))
        elif isinstance(action, EditPressed):
            if pressed_message is None:
                continue
            done.sent.extend(await _edit(port, chat_id, pressed_message, action))
        elif isinstance(action, DeleteMessages):
            done.undeleted.extend(await delete_all(port, chat_id, list(action.message_ids)))
        elif isinstance(action, ChatMenu):
            await _chat_menu(port, chat_id, action)
        elif isinstance(action, LeaveChat):
            await port.leave(chat_id)
    if pressed is not None and not answered:
        await answer_quietly(port, pressed)
    return done


def _unreachable(failure: Failure) -> bool:
    """Telegram will not deliver to this chat, whatever the text."""
    if failure.kind is FailureKind.FORBIDDEN:
        return True
    gone = ("chat not found", "user is deactivated", "peer_id_invalid")
    return failure.kind is FailureKind.REJECTED and any(g in failure.message for g in gone)


def _reason(failure: Failure) -> str:
    """What a log line may say of a refusal: Telegram's words without her text."""
    return failure.message.split(":", 1)[-1].strip()[:80] or failure.kind.value


async def _send_parts(port: BotPort, chat_id: int, text: str, buttons: Keyboard) -> list[int]:
    """One message, or several where the text is over Telegram's limit (buttons on the last)."""
    parts = split_html(text)
    sent: list[int] = []
    for index, part in enumerate(parts):
        rows = buttons if index == len(parts) - 1 else ()
        sent.append(
            await with_retries(
                lambda p=part, r=rows: port.send(chat_id, p, r),  # type: ignore[misc]
                port.classify,
            )
        )
    return sent


def _unreachable_chat(failure: Failure) -> ChatUnreachable:
    return ChatUnreachable(failure.kind.value, not_found=failure.kind is FailureKind.REJECTED)


async def _send(
    port: BotPort, chat_id: int, text: str, buttons: Keyboard, fallback: str = ""
) -> list[int]:
    """Send a message; if Telegram refuses its text, its fallback; else drop it, logged."""
    for candidate in (text, fallback) if fallback and fallback != text else (text,):
        try:
            return await _send_parts(port, chat_id, candidate, buttons)
        except Exception as exc:
            failure = port.classify(exc)
            if _unreachable(failure):
                raise _unreachable_chat(failure) from None
            if failure.kind is not FailureKind.REJECTED:
                raise
            log.warning("Telegram refused a message (%s)", _reason(failure))
    log.warning("a message Telegram refused was dropped")
    return []


async def _edit(port: BotPort, chat_id: int, message_id: int, action: EditPressed) -> list[int]:
    """Edit the pressed message; where it is gone (she deleted it) or refused, send anew."""
    parts = split_html(action.text)
    if len(parts) == 1:
        try:
            await with_retries(
                lambda: port.edit(chat_id, message_id, action.text, action.buttons), port.classify
            )
            return []
        except Exception as exc:
            failure = port.classify(exc)
            if _unreachable(failure):
                raise _unreachable_chat(failure) from None
            if failure.kind is not FailureKind.REJECTED:
                raise
            if "not modified" in failure.message:
                return []
            log.info("could not edit a message (%s); sending it anew", _reason(failure))
    return await _send(port, chat_id, action.text, action.buttons, action.fallback)


def paced_sender(
    port: BotPort, limiter: SendLimiter | None
) -> Callable[[int, Send], Awaitable[int]]:
    """How the delivery loop sends (caseworker replies, transfer questions, alerts): one
    message at a time, paced and retried exactly as her answers are."""

    async def send(chat_id: int, message: Send) -> int:
        rendered = await render_outcome(
            port, chat_id=chat_id, outcome=Outcome(actions=[message]), pressed=None, limiter=limiter
        )
        if not rendered.sent:
            raise MessageRefused("Telegram refused the message")
        return rendered.sent[-1]

    return send


async def _chat_menu(port: BotPort, chat_id: int, action: ChatMenu) -> None:
    """A menu in her language is a courtesy: failing to set it never stops her answer."""
    try:
        await with_retries(lambda: port.set_chat_menu(chat_id, action.commands), port.classify)
    except Exception as exc:
        log.warning("her chat's command menu was not set: %s", exc.__class__.__name__)


async def _send_file(port: BotPort, chat_id: int, action: SendFile) -> list[int]:
    """Send her file; if Telegram refuses it with its caption, the file alone (the file is
    what she asked for); if it refuses that too, drop it, logged like a refused text."""
    for caption in (action.caption, "") if action.caption else ("",):
        try:
            return [
                await with_retries(
                    lambda c=caption: port.send_file(  # type: ignore[misc]
                        chat_id, action.file_name, action.data, c, action.buttons
                    ),
                    port.classify,
                )
            ]
        except Exception as exc:
            failure = port.classify(exc)
            if _unreachable(failure):
                raise _unreachable_chat(failure) from None
            if failure.kind is not FailureKind.REJECTED:
                raise
            log.warning("Telegram refused a file (%s)", _reason(failure))
    log.warning("a file Telegram refused was dropped")
    return []


async def delete_all(port: BotPort, chat_id: int, message_ids: list[int]) -> list[int]:
    """Delete in batches; where Telegram refuses a batch (it deletes all or nothing, and
    one message over 48 hours old refuses it), one by one, so one old message blocks
    nothing. Returns the ids still in her chat: those Telegram would not delete. A
    message she already deleted herself is gone, so it is not among them."""
    undeleted: list[int] = []
    for start in range(0, len(message_ids), DELETE_BATCH):
        batch = message_ids[start : start + DELETE_BATCH]
        try:
            await with_retries(lambda b=batch: port.delete_many(chat_id, b), port.classify)  # type: ignore[misc]
            continue
        except Exception as exc:
            if not is_(port, exc, FailureKind.REJECTED):
                raise
        for message_id in batch:
            try:
                await with_retries(
                    lambda m=message_id: port.delete_one(chat_id, m),  # type: ignore[misc]
                    port.classify,
                )
            except Exception as exc:
                failure = port.classify(exc)
                if failure.kind is not FailureKind.REJECTED:
                    raise
                if "not found" in failure.message:
                    continue  # she deleted it herself
                log.info("a message could not be deleted (%s)", _reason(failure))
                undeleted.append(message_id)
    return undeleted
