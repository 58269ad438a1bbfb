"""What a transport does with an update once it has read it: the same for every library.

The adapters turn library objects into plain values and a `BotPort`; everything the
survivor can notice (errors in her language, the group notice, duplicates, what is
remembered for quick exit) happens here, once.
"""

from __future__ import annotations

import logging

from bot.flows import notices
from bot.flows.events import FileReceived, Inbound, Press
from bot.i18n import language_from_telegram
from bot.services.conversations import ConversationService
from bot.telegram.delivery import BotPort, FailureKind, Pressed, answer_quietly, is_, render_outcome
from bot.telegram.parsing import Incoming, file_kind, to_event

log = logging.getLogger(__name__)


async def handle_event(
    service: ConversationService,
    port: BotPort,
    *,
    update_id: int,
    user_id: int,
    chat_id: int,
    language_hint: str | None,
    event: Inbound,
    incoming_message_id: int | None,
    pressed: Pressed | None = None,
) -> None:
    """Run the event through the service and carry out what it answers."""
    try:
        outcome = await service.handle(
            update_id=update_id,
            telegram_user_id=user_id,
            chat_id=chat_id,
            event=event,
            incoming_message_id=incoming_message_id,
            language_hint=language_hint,
        )
    except Exception:
        log.exception("update %s failed", update_id)
        language = await service.language_of(telegram_user_id=user_id, hint=language_hint)
        t = service.translator(language)
        if pressed is not None:
            await port.answer(pressed.id)
        await port.send(chat_id, notices.internal_error(t))
        return
    if outcome.duplicate:
        if pressed is not None:
            await answer_quietly(port, pressed)
        return
    sent = await render_outcome(
        port, chat_id=chat_id, outcome=outcome, pressed=pressed, limiter=service.send_limiter
    )
    if outcome.remember_sent:
        await service.remember_sent(
            telegram_user_id=user_id,
            message_ids=sent,
            update_id=outcome.pending_update_id,
            survivor_id=outcome.survivor_id,
        )


async def private_message(
    service: ConversationService,
    port: BotPort,
    *,
    update_id: int,
    user_id: int,
    chat_id: int,
    message_id: int,
    incoming: Incoming,
    edited: bool,
) -> None:
    """A message (or an edit) in her private chat."""
    try:
        event = await to_event(
            incoming,
            download=port.download,
            max_file_bytes=service.limits.max_file_bytes,
            edited=edited,
        )
    except Exception as exc:
        if not is_(port, exc, FailureKind.REJECTED):
            raise
        # The file could not be fetched (too big for the Bot API, or gone).
        event = FileReceived(file_kind(incoming), service.limits.max_file_bytes + 1, None)
    await handle_event(
        service,
        port,
        update_id=update_id,
        user_id=user_id,
        chat_id=chat_id,
        language_hint=incoming.language_hint,
        event=event,
        incoming_message_id=None if edited else message_id,
    )


async def button_press(
    service: ConversationService,
    port: BotPort,
    *,
    update_id: int,
    user_id: int,
    chat_id: int | None,
    private: bool,
    language_hint: str | None,
    pressed: Pressed,
    data: str | None,
) -> None:
    """A button under one of our messages; presses outside her private chat are only answered."""
    if chat_id is None or not private:
        await answer_quietly(port, pressed)
        return
    await handle_event(
        service,
        port,
        update_id=update_id,
        user_id=user_id,
        chat_id=chat_id,
        language_hint=language_hint,
        event=Press(data or ""),
        incoming_message_id=None,
        pressed=pressed,
    )


async def leave_group(
    service: ConversationService, port: BotPort, *, chat_id: int, language_hint: str | None
) -> None:
    """Say, in her language, that the bot works only in private; then leave."""
    t = service.translator(language_from_telegram(language_hint))
    try:
        await port.send(chat_id, notices.private_only(t))
        await port.leave(chat_id)
    except Exception as exc:
        if not is_(port, exc, FailureKind.REJECTED, FailureKind.FORBIDDEN):
            raise
        log.info("could not leave a group chat")
