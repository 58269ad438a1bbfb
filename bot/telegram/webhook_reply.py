"""One Bot API call may ride on the webhook's HTTP answer instead of a request of its own.

Telegram runs a method given in the body of a webhook's 200 answer (without telling
the bot how it went). We use that for the callback answer of a button press: its
result is never needed, and it saves one request per press on both sides. The
webhook endpoint opens a slot per update; outside webhook mode there is none and
every call is an ordinary request.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

_slot: ContextVar[WebhookReply | None] = ContextVar("webhook_reply", default=None)


class WebhookReply:
    """The method to put in this update's webhook answer, if any (at most one)."""

    def __init__(self) -> None:
        self.method: dict[str, Any] | None = None


@contextlib.contextmanager
def reply_slot() -> Iterator[WebhookReply]:
    """Open the slot for one update being handled inside a webhook request."""
    reply = WebhookReply()
    token = _slot.set(reply)
    try:
        yield reply
    finally:
        _slot.reset(token)


def offer_callback_answer(callback_query_id: str, text: str | None) -> bool:
    """Put `answerCallbackQuery` in the webhook answer; False if there is no free slot."""
    reply = _slot.get()
    if reply is None or reply.method is not None:
        return False
    method: dict[str, Any] = {
        "method": "answerCallbackQuery",
        "callback_query_id": callback_query_id,
    }
    if text:
        method["text"] = text
    reply.method = method
    return True
