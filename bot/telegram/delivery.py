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
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

from bot.flows.actions import AnswerCallback, ChatMenu, EditPressed, Keyboard, LeaveChat, Send
from bot.services.outcome import DeleteMessages, Outcome, SendFile
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


async def render_outcome(
    port: BotPort,
    *,
    chat_id: int,
    outcome: Outcome,
    pressed: Pressed | None,
    limiter: SendLimiter | None = None,
) -> list[int]:
    """Send, edit and delete as asked, paced within Telegram's limits; return sent ids."""
    pressed_message = pressed.message_id if pressed is not None else None
    sent: list[int] = []
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
            message_id = await with_retries(
                lambda a=action: port.send(chat_id, a.text, a.buttons),  # type: ignore[misc]
                port.classify,
            )
            sent.append(message_id)
        elif isinstance(action, SendFile):
            sent.append(await _send_file(port, chat_id, action))
        elif isinstance(action, EditPressed):
            if pressed_message is None:
                continue
            await _edit(port, chat_id, pressed_message, action)
        elif isinstance(action, DeleteMessages):
            await delete_all(port, chat_id, list(action.message_ids))
        elif isinstance(action, ChatMenu):
            await _chat_menu(port, chat_id, action)
        elif isinstance(action, LeaveChat):
            await port.leave(chat_id)
    if pressed is not None and not answered:
        await answer_quietly(port, pressed)
    return sent


def paced_sender(
    port: BotPort, limiter: SendLimiter | None
) -> Callable[[int, Send], Awaitable[int]]:
    """How the delivery loop sends (caseworker replies, transfer questions, alerts): one
    message at a time, paced and retried exactly as her answers are."""

    async def send(chat_id: int, message: Send) -> int:
        (message_id,) = await render_outcome(
            port, chat_id=chat_id, outcome=Outcome(actions=[message]), pressed=None, limiter=limiter
        )
        return message_id

    return send


async def _chat_menu(port: BotPort, chat_id: int, action: ChatMenu) -> None:
    """A menu in her language is a courtesy: failing to set it never stops her answer."""
    try:
        await with_retries(lambda: port.set_chat_menu(chat_id, action.commands), port.classify)
    except Exception as exc:
        log.warning("her chat's command menu was not set: %s", exc.__class__.__name__)


async def _send_file(port: BotPort, chat_id: int, action: SendFile) -> int:
    return await with_retries(
        lambda: port.send_file(
            chat_id, action.file_name, action.data, action.caption, action.buttons
        ),
        port.classify,
    )


async def _edit(port: BotPort, chat_id: int, message_id: int, action: EditPressed) -> None:
    try:
        await with_retries(
            lambda: port.edit(chat_id, message_id, action.text, action.buttons), port.classify
        )
    except Exception as exc:
        failure = port.classify(exc)
        if failure.kind is not FailureKind.REJECTED or "not modified" not in failure.message:
            raise


async def delete_all(port: BotPort, chat_id: int, message_ids: list[int]) -> None:
    """Delete in batches; fall back to one by one so one old message blocks nothing."""
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
                if not is_(port, exc, FailureKind.REJECTED):
                    raise
                log.info("a message could not be deleted (too old or already gone)")
